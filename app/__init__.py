"""The one wiring place: settings, the city's config and the services bundle.

Below `actions/` and the channels: it imports office, storage and nlu, and whoever serves
citizens (the engine, the channels, the standalone action server, the CLI) receives what it
needs from `build_services()`.
"""
