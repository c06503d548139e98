-- Each office's letters by delivery state (delivered, rejected,
-- unreachable, retrying) of one campaign, for the days whose deliveries
-- have settled: the summary's deliveries.
SELECT office, state, count(*) AS letters
FROM deliveries
WHERE campaign = ?
GROUP BY office, state
ORDER BY office, state
