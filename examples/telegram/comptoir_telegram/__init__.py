"""comptoir-telegram: a shop's Telegram bot as a comptoir channel."""

from comptoir_telegram.channel import TelegramChannel

__all__ = ["TelegramChannel"]
