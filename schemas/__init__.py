"""JSON Schemas for CodeShip files, shipped as package data (importlib.resources)."""
