# The site's own words: pages, notices, errors and the confirmation email,
# in English. Every key here must be in ../es/site.ftl.

## Every page

paid-for-by = Paid for by { $sponsor }, { $address }.
privacy-policy = Privacy policy
go-to-campaigns = Go to the campaigns
open-campaigns = Open campaigns
no-open-campaign = No campaign is taking letters right now.
language-switch-label = Language
party = { $party ->
    [Republican] Republican
    [Democrat] Democrat
    [Independent] Independent
   *[other] { $party }
}
and-list = { $first } and { $last }
date = { $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
} { $day }, { $year }

## The campaign page

write-your-letter = Write your letter
lead-closed = This campaign has closed and no longer takes letters. Thank you to everyone who wrote.
progress-after-count = { $count ->
    [one] letter
   *[other] letters
} written toward a goal of { $goal }.
progress-label = Progress toward the goal
take-action = Take action
correct-fields = Please correct { $count } { $count ->
    [one] field
   *[other] fields
}
honeypot-label = Leave this empty
about-you = About you
your-address = Your address
your-letter = Your letter
editing-encouraged = We have written a letter for you. Offices pay most attention to letters in a constituent's own words, so please make it yours.
editing-optional = You may send the letter as written.
signed = Signed:
signature-placeholder = your name, as you enter it above
opt-in = Send me occasional updates from { $sponsor }.
opt-in-privacy = Read the privacy policy.
send-my-letter = Send my letter
copy-by-email = We will email you a copy of your letter.
campaign-closed-thanks = This campaign has closed and no longer takes letters. Thank you to everyone who wrote.
district-unsure = Not sure which is yours?
district-find-link = The House finds your Representative from your full address.
option-seat-vacant = the seat is vacant
data-senate-as-of = Senator details as of { $date }.
data-house-as-of = House details as of { $house }; ZIP codes matched to districts as of { $zip_table }.
district-may-ask = If your ZIP code lies in more than one congressional district, we will ask you which is yours.
decides-senators = Your state decides which two Senators receive your letter. Washington, D.C. and the U.S. territories have no Senators, so letters from there cannot be sent.
decides-representative = Your address decides which member of the House receives your letter: your Representative, or the Delegate of Washington, D.C. or a territory.
decides-congress = Your state decides your two Senators and your address your member of the House. Washington, D.C. and the U.S. territories have no Senators; their Delegate receives the letter.
decides-members-representing = This letter goes to those of the members this campaign writes to who represent your state or district.
decides-members-all = This letter goes to every member this campaign writes to, wherever you live.
hint-goes-to = Your letter will go to { $names }.
hint-goes-to-seat-vacant = Your letter will go to { $names }. The House seat for { $seat } is vacant.
hint-seat-vacant-no-one = The House seat for { $seat } is vacant, so a letter from here has no one to go to.
hint-no-senators = { $state } has no U.S. Senators, so a letter from here has no one to go to.
hint-no-one = No one this campaign writes to represents { $state }.
hint-your-representative-from-zip = your Representative, found from your ZIP code
hint-your-representative-if-written-to = your Representative, if this campaign writes to them

## What the page's script says

script-sending = Sending…
script-link-copied = Link copied.
script-correct-one = Please correct 1 field
script-correct-other = Please correct { "{" }count{ "}" } fields

## A letter sent back

notice-expired = This form was open for more than a day, so for your security it has expired. Please check your letter and send it again.
notice-send-again = Please look over your letter below and send it once more: now and then we ask this, to keep automated letters out.
notice-busy = We could not store your letter just now, and nothing was stored. Your letter is below as you wrote it: please send it again in a moment.
notice-not-checked = Please complete the check that you are a person, then send your letter again.
notice-check-unavailable = We could not check that you are a person just now. Nothing was lost: please send your letter again in a moment.
notice-rate-limited = We have had many letters from your connection or your address in a short time. Please send yours again in { $minutes ->
    [one] a minute
   *[other] { $minutes } minutes
}.

## The thank-you page

thanks-title = Thank you: { $campaign }
thanks-heading = Thank you for writing
thanks-recorded-copied = Your letter to { $addressees } is recorded. We have emailed you a copy.
thanks-not-delivered = This campaign does not deliver letters to the offices. To be sure they hear from you, call them or write through their own contact forms.
thanks-awaiting-confirmation = Your letter to { $addressees } is recorded. It goes to their offices once you confirm it from the email we have sent you.
thanks-being-delivered = Your letter to { $addressees } is being delivered to their offices. We have emailed you a copy, with a link to see when each office has it.
seat-vacant = The House seat for { $seat } is vacant, so your letter is not addressed to it.
next-call = Next: call their offices
reach-offices = Reach their offices
call-counts-twice = A short call makes your letter count twice.
call-script-default = Say you are a constituent, and what you wrote to ask of them.
phone-not-listed = Office phone not yet listed
ask-others = Ask others to write
share-x = Share on X
share-facebook = Share on Facebook
share-email = Share by email
campaign-link = Campaign link
copy-link = Copy link

## The receipt

receipt-title = Your letter's receipt: { $campaign }
receipt-heading = Your letter's receipt
receipt-written = Your letter through “{ $campaign }”, written on { $date }.
receipt-no-members = None of the members it was addressed to still holds their seat.
reach-yourself = Reach the office yourself:
receipt-keep-link = This page changes as your letter moves: keep the link from your email to come back.
standing-recorded = Recorded. This campaign does not deliver letters to the offices.
standing-awaiting-confirmation = Recorded, and waiting for you to confirm it from the email we sent you: it goes to the office once you do.
standing-being-delivered = Being delivered: the office's delivery service has not accepted it yet. We keep trying until it does.
standing-delivered = Delivered on { $date }.
standing-refused = Not delivered: the office's delivery service refused it.
standing-unreachable = Not delivered: this office does not take letters through Congress's delivery service.

## Withdrawing and confirming

letter-gone = This letter is no longer stored: it was withdrawn, or its time to be kept has passed.
withdraw-title = Withdraw your letter
withdraw-ask = If you did not write this letter, or you have changed your mind, you can withdraw it. It will not be delivered, what you wrote and your details will be erased, and your address may be used to write again.
withdraw-button = Withdraw my letter
withdrawn = Your letter is withdrawn. It will not be delivered, and what you wrote and your details have been erased. Thank you for letting us know.
confirm-title = Confirm your letter
confirm-ask = Please confirm that you wrote this letter and that this email address is yours.
confirm-ask-updates = You also asked for occasional updates from { $sponsor }: confirming says you want them.
confirm-my-letter = Confirm my letter
confirmed = Thank you: your letter is confirmed.
already-confirmed = You have already confirmed this letter. Thank you.

## The confirmation email

email-subject = Your letter: { $campaign }
email-heading = Thank you for writing to { $audience }.
email-copy-of = This is a copy of the letter you wrote through “{ $campaign }”.
email-recorded-not-delivered = Your letter is recorded. This campaign does not deliver letters to the offices: to be sure they hear from you, call them or write through their own contact forms. It is addressed to:
email-recorded-awaiting = Your letter is recorded. It goes to the offices of those it is addressed to once you confirm it (below):
email-being-delivered = Your letter is being delivered to the offices of:
office-phone = office phone
not-yet-listed = not yet listed
email-receipt-link = See where your letter stands with each office
email-subject-line = Subject:
email-please-confirm = Please confirm your letter: it waits until you do.
email-confirm-updates-too = Confirming also says you want the updates you asked for from { $sponsor }.
email-confirm-here = Confirm it here:
email-updates-only-if = You asked for occasional updates from { $sponsor }. We will send them only if you confirm you want them.
email-confirm-updates-link = Confirm you want them
email-not-you = Not you, or changed your mind?
email-withdraw-link = Withdraw this letter
email-call-twice = A call to their offices makes your letter count twice.
email-ask-others = Ask others to write too:
email-one-time = This is a one-time confirmation of your letter. We will not email you again unless you asked for updates.

## Errors

error-title = { $status ->
    [400] Bad Request
    [401] Unauthorized
    [403] Forbidden
    [404] Not Found
    [408] Request Timeout
    [410] Gone
    [413] Payload Too Large
    [415] Unsupported Media Type
    [422] Unprocessable Entity
    [500] Internal Server Error
    [503] Service Unavailable
   *[other] Error
}
error-campaign-not-found = There is no campaign at this address.
error-not-found = There is nothing at this address.
error-link-not-valid = This link is not valid, or it has expired. Links in our emails last as long as the letter they name is kept.
error-unauthenticated = This route needs an analyst's credentials.
error-cross-site = This form takes letters only from its own page. If you meant to write, open the campaign's page and send your letter there.
error-campaign-closed = This campaign has closed and no longer takes letters.
error-campaign-draft = This campaign has not been launched: it has no public page yet and takes no letters.
notice-draft-preview = A preview of a draft: only people with this link can see this page, and it takes no letters until the campaign is launched.
error-campaign-retired = This campaign has ended, and its page has been taken down. Links in our emails about your own letter still work.
error-unsupported-media-type = Send the letter as application/x-www-form-urlencoded or application/json.
error-payload-too-large = The letter is too large to accept.
error-body-too-slow = The letter took too long to arrive. Please check your connection and send it again.
error-malformed = The request could not be read: { $why }.
error-invalid-in-path = The { $name } in the address is not valid: { $why }.
error-invalid-cursor = The request could not be read: the cursor is not one this server gave.
error-busy = We are receiving a great many letters right now. Nothing was lost: please send yours again in a moment.
error-ours = Something went wrong on our side, and nothing was stored. Please try again.
