"""The CAPTCHA core: answers, their keyed digests, and the image and audio that carry them."""
