-- A file's thumbnail is stored beside it as thumb_{id}.{thumbnail_extension}; null when none could be made.
ALTER TABLE files ADD COLUMN thumbnail_extension TEXT;
