"""Windows, docks and dialogs: thin Qt widgets over the document and the scene."""
