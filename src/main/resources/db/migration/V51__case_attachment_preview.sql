-- An attachment's preview image (PNG, at most 480 px on its longer side), made once at upload for PDFs
-- and photos; its chunks' sizes are bounded so a download reads one chunk at a time.
ALTER TABLE case_attachment ADD COLUMN preview bytea CHECK (preview IS NULL OR length(preview) <= 2097152);
ALTER TABLE case_attachment_chunk ADD CONSTRAINT case_attachment_chunk_size CHECK (length(data) BETWEEN 1 AND 1048576);
