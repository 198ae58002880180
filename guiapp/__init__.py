"""BOM Auditor: screen bills of materials against export-control and procurement watchlists."""

__version__ = "0.1.0"

__all__ = ["__version__"]
