"""The Chainlit chat's support code, and its app root.

This folder is the root ``budgetmix chat`` hands to Chainlit (``CHAINLIT_APP_ROOT``): its
``.chainlit/config.toml``, ``chainlit.md`` and ``public/`` (styles, logo, the brain badge) are
read from here, so nothing is written into the user's working directory. The Python modules
beside them keep ``assistant/app.py`` down to handlers. Modules that import Chainlit
(``widgets``, ``rendering``) are only imported by the running app: importing Chainlit reads its
config from the current directory at import time.
"""

from pathlib import Path

APP_ROOT = Path(__file__).resolve().parent
APP_MODULE = APP_ROOT.parent / "app.py"
