"""The side panels that follow the open map: legend, overview, Find Path, statistics."""
