"""Allow ``python -m lotcheck``, the same as the ``lotcheck`` script."""

from lotcheck.cli.app import main

if __name__ == "__main__":
    main()
