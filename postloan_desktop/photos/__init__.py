"""Photos: safe open, EXIF (time, GPS, camera), orientation, renditions, perceptual hash and
provenance checks. Pillow only; nothing here imports Qt or the database."""
