"""``python -m crmcourse``: the same as the ``crmcourse`` command."""
from crmcourse.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
