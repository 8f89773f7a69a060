"""Editing the map: gestures on the canvas, the Edit menu, typing in place, automatic layout."""
