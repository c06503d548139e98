-- Letters per state of one campaign: the summary's by_state.
SELECT state, count(*) AS letters
FROM letters
WHERE campaign = ?
GROUP BY state
ORDER BY letters DESC, state
