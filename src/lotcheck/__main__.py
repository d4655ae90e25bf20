"""Allow ``python -m lotcheck``, the same as the ``lotcheck`` script."""

from lotcheck.cli import main

if __name__ == "__main__":
    main()
