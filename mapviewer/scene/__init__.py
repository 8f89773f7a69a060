"""Graphics: items drawing concepts and links, the scene mirroring the document, the view."""
