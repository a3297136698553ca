"""Leaves every stage may use: errors, dates, slugs, URLs and site paths,
hashing, file signatures, process pools."""
