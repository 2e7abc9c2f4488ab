"""The shared kernel: what more than one app needs, importing no app of the project."""
