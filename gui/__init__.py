"""The station app: PySide6 widgets over the rig core. The only package that imports Qt."""
