"""The email edition of one day."""
