-- A task's files are the rows of files, read with the task: the copy in tasks.files_json and each file's content_type
-- (its extension says it) go.
ALTER TABLE tasks DROP COLUMN files_json;
ALTER TABLE files DROP COLUMN content_type;
CREATE INDEX ix_files_task ON files(task_id, position);
