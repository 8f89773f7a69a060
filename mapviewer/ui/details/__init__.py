"""Reading what the map says: the Details pane and its editor, and the Source reader."""
