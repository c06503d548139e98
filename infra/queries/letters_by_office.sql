-- Letters per office (SME01, HTX07) of one campaign: each member's office
-- while they hold it, as in the summary's member lists.
SELECT office, count(*) AS letters
FROM recipients
WHERE campaign = ? AND office IS NOT NULL
GROUP BY office
ORDER BY letters DESC, office
