"""``python -m workshop`` runs the command-line interface."""

from workshop.entry import main

if __name__ == "__main__":
    main()
