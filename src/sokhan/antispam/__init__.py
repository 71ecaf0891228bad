"""Layered spam defence: honeypot, rate limits, content rules, counted rejections."""
