"""Widgets: they show domain objects and post messages; screens decide what happens."""
