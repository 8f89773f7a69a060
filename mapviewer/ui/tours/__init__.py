"""Tours in the editor: the Tours dock, the Present menu and Export Tour."""
