"""Views of check results: Rich for the terminal, HTML for the notebook. They only render data."""
