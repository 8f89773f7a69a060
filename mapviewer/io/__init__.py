"""Reading and writing maps: one module per file format, no Qt anywhere in this package."""
