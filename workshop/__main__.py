"""``python -m workshop`` runs the command-line interface."""

from workshop.cli import main

if __name__ == "__main__":
    main()
