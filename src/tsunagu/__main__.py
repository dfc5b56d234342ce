"""The `tsunagu` console script: Django's management commands under one name.

tsunagu migrate
tsunagu demo
tsunagu region create sanbu 山武圏域 --municipalities 12213:東金市,12237:山武市
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tsunagu.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "tsunagu"
    if argv[1:] == ["--version"]:  # Django's own would print Django's version
        from tsunagu import __version__

        print(__version__)
        return
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
