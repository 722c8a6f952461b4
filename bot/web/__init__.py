"""The web channel: REST (Rasa format), the widget's socket, the widget and its pages."""

from bot.web.app import create_app

__all__ = ["create_app"]
