-- The upstream call a running task has in flight (issue 5): the channel before the request is sent, the upstream's job id
-- once an async upstream answers. A takeover after a crash resumes polling that job instead of paying for it twice.
ALTER TABLE tasks ADD COLUMN upstream_channel TEXT;
ALTER TABLE tasks ADD COLUMN upstream_task_id TEXT;
