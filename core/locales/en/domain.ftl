# What a supporter is told about a value they typed, and the words the
# domain gives pages: English. Every key here must be in ../es/domain.ftl.

## The letter form's fields

field-prefix = Prefix
field-first-name = First name
field-last-name = Last name
field-email = Email
field-phone = Phone (optional)
field-street = Street address
field-city = City
field-state = State
field-zip = ZIP code
field-district = Congressional district
field-subject = Subject
field-message = Letter
field-own-words = Why this matters to you (optional)
field-closing = Closing
field-source = Source
field-utm-source = UTM source
field-utm-medium = UTM medium
field-utm-campaign = UTM campaign
hint-own-words = Tell them in a few sentences why this matters to you. It goes after the letter as your own paragraph: offices give most weight to what constituents write themselves.

## Refusals of what was typed

text-kind-name = a name
text-kind-street = a street address
text-kind-city = a city
text-kind-subject = a subject
text-kind-letter = the letter
text-kind-own-words = your paragraph
name-empty = Enter a name.
street-empty = Enter a street address.
city-empty = Enter a city.
subject-empty = Enter a subject.
letter-empty = Enter the letter.
own-words-empty = Enter your paragraph.
text-too-long = Shorten { $kind } to { $max } characters or fewer (it has { $chars }).
text-too-short = Lengthen { $kind } to { $min } characters or more (it has { $chars }).
text-refused = Remove the { $what ->
    [line-breaks] line breaks
    [control] control characters
    [direction] characters that change the text's direction
    [invisible] invisible characters
   *[unusable] unusable characters
} from { $kind }.
email-empty = Enter your email address.
email-malformed = Enter an email address like name@example.org.
email-too-long = Shorten the email address to { $max } characters or fewer.
phone-empty = Enter your phone number.
phone-malformed = Enter a 10-digit U.S. phone number, like 202-555-0143.
prefix-missing = Choose how the office should address you.
prefix-unlisted = Choose a prefix from the list.
prefix-prompt = Choose…
state-empty = Choose your state.
state-unlisted = Choose a U.S. state from the list.
state-prompt = Choose your state
zip-empty = Enter your ZIP code.
zip-malformed = Enter a 5-digit ZIP code, like 20510 or 20510-0001.
zip-unassigned = No ZIP code begins with 000: check the first digits.
zip-elsewhere = That ZIP code is in { $places }, not { $state }. Check your ZIP code and state.
closing-empty = Choose a closing for your letter.
closing-unlisted = Choose a closing from the list.
district-empty = Choose your congressional district.
district-unlisted = Choose your district from the list.
link-tag-invalid = Use 1 to 64 letters, digits, hyphens, underscores and full stops.

## Districts and whom a letter goes to

district-at-large = { $state } (at large)
district-numbered = { $state }'s { $ordinal } district
district-split-zip = ZIP code { $zip } lies in more than one congressional district. Choose yours.
district-unknown-zip = We could not match ZIP code { $zip } to a congressional district in your state. Choose yours.
district-address-changed = You changed your address, so choose your congressional district again.
district-not-a-candidate = { $district } is not a district ZIP code { $zip } lies in. Choose one of those offered.
no-senators = { $state } has no U.S. Senators, so this letter has no one to go to. We are sorry: this campaign can only take letters from the fifty states.
seat-vacant-no-one = The House seat for { $district } is vacant, so this letter has no one to go to until it is filled.
no-member-for-district = None of the members this campaign writes to represents { $district }, so this letter has no one to go to.
no-member-for-state = None of the members this campaign writes to represents { $state }, so this letter has no one to go to.
member-title = { $role ->
    [senator] Senator
    [representative] Representative
    [delegate] Delegate
   *[commissioner] Resident Commissioner
}
contact-form = contact form
website = website
salutation = { $targets ->
    [senators] Dear Senator,
    [representative] Dear Representative,
   *[other] Dear Member of Congress,
}
audience = { $targets ->
    [senators] your Senators
    [representative] your Representative
    [congress] your members of Congress
   *[members] members of Congress
}
# The line under the headline on a campaign's share picture; build.rs
# reads these variants to draw the bundled campaigns' pictures.
invitation = { $targets ->
    [senators] Write to your two U.S. Senators: it takes a minute.
    [representative] Write to your Representative: it takes a minute.
    [congress] Write to your members of Congress: it takes a minute.
   *[members] Write to members of Congress: it takes a minute.
}
