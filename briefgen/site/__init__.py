"""The site model assembled from parsed records: terms and taxonomies, insights, entity linking."""
