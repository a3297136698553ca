"""The live preview: an in-memory build, its HTTP server and live reload."""
