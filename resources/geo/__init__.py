"""Geography without a store: where a caller is (ZIP, city, county, address, coordinates),
the packaged ZIP centroids, distances and time zones."""
