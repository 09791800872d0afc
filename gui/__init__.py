"""The station app: PySide6 widgets over the rig core. The only package that imports Qt."""

import os

# pyqtgraph picks the first Qt binding it finds; this package is built on PySide6.
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
