"""`python -m teikit` runs the same CLI as the `teikit` command."""

from teikit.cli import main

if __name__ == "__main__":
    main()
