"""Moving around the map: focus, back and forward, and the find field."""
