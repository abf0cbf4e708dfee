"""The AIRS / 211 wide-export column family as data (used by :mod:`resources.loaders.airs`).

I&R software (iCarol, ReferNET, RTM, VisionLink ...) exports one row per Agency, Site and
Program (``TaxonomyLevelName``) with the AIRS 3.0 fields flattened into columns. Column
names vary a little between products and versions, so each field lists its aliases; a
header is matched after lower-casing and dropping everything but letters and digits
(``Physical Postal Code``, ``physical_postal_code`` and ``PhysicalPostalCode`` are one
column). The first alias found in a file wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# field -> aliases (in priority order). Fields are internal names used by airs.py.
FIELDS: dict[str, tuple[str, ...]] = {
    "record_id": ("ResourceAgencyNum", "ResourceNum", "ResourceID", "AgencyNum",
                  "RecordID", "RecordNum", "UniqueID"),
    "name": ("PublicName", "ResourceName", "Name", "AgencyName", "ProgramName"),
    "alternate_name": ("AlternateName", "AKA", "AlsoKnownAs", "AlternateNames"),
    "official_name": ("OfficialName", "LegalName"),
    "level": ("TaxonomyLevelName", "LevelName", "Level", "RecordType", "ResourceType"),
    "parent_id": ("ParentAgencyNum", "ParentResourceNum", "ParentAgencyID", "ParentID",
                  "ParentNum"),
    "parent_name": ("ParentAgency", "ParentAgencyName", "ParentName"),
    "site_links": ("ConnectsToSiteNum", "SiteNum", "SiteNums", "ConnectsToSite"),
    "program_links": ("ConnectsToProgramNum",),
    "physical_address_1": ("PhysicalAddress1", "PhysicalAddressLine1", "PhysicalAddress",
                           "PhysicalStreet", "Address1", "Address"),
    "physical_address_2": ("PhysicalAddress2", "PhysicalAddressLine2", "Address2"),
    "physical_city": ("PhysicalCity", "City"),
    "physical_county": ("PhysicalCounty", "County"),
    "physical_state": ("PhysicalStateProvince", "PhysicalState", "StateProvince", "State"),
    "physical_postal_code": ("PhysicalPostalCode", "PhysicalZip", "PhysicalZipCode",
                             "PostalCode", "ZipCode", "Zip"),
    "physical_country": ("PhysicalCountry", "Country"),
    "mailing_attention": ("MailingAttentionName", "MailingAttention"),
    "mailing_address_1": ("MailingAddress1", "MailingAddressLine1", "MailingAddress"),
    "mailing_address_2": ("MailingAddress2", "MailingAddressLine2"),
    "mailing_city": ("MailingCity",),
    "mailing_state": ("MailingStateProvince", "MailingState"),
    "mailing_postal_code": ("MailingPostalCode", "MailingZip", "MailingZipCode"),
    "mailing_country": ("MailingCountry",),
    "latitude": ("Latitude", "Lat", "PhysicalLatitude", "GeoLatitude"),
    "longitude": ("Longitude", "Lon", "Long", "Lng", "PhysicalLongitude", "GeoLongitude"),
    "hours": ("HoursOfOperation", "Hours Of Operation", "OperatingHours", "HoursText"),
    "hours_days": ("Hours", "HoursStructured", "ScheduleDays"),
    "email": ("EmailAddressMain", "EmailAddress", "Email", "MainEmail"),
    "website": ("WebsiteAddress", "Website", "WebSite", "URL", "WebAddress"),
    "status": ("AgencyStatus", "Status", "ResourceStatus", "RecordStatus", "ProgramStatus"),
    "description": ("AgencyDescription", "Description", "ProgramDescription",
                    "ServiceDescription", "ResourceDescription"),
    "eligibility": ("Eligibility", "EligibilityRequirements", "EligibilityDescription"),
    "fees": ("FeeStructureSource", "FeeStructure", "Fees", "FeesDescription"),
    "application_process": ("ApplicationProcess", "IntakeProcedure", "IntakeProcess"),
    "documents": ("DocumentsRequired", "RequiredDocuments", "Documents"),
    "accreditation": ("LicenseAccreditation", "Accreditation", "Accreditations", "Licenses"),
    "tax_status": ("IRSStatus", "TaxStatus"),
    "tax_id": ("FEIN", "EIN", "TaxID"),
    "year_incorporated": ("YearIncorporated", "YearInc"),
    "legal_status": ("LegalStatus",),
    "funding": ("SourceOfFunds", "FundingSources", "Funding"),
    "languages": ("LanguagesOffered", "Languages", "LanguagesSpoken", "LanguageList"),
    "alert": ("TemporaryMessage", "Alert"),
    "updated_on": ("UpdatedOn", "LastUpdated", "LastModified", "UpdatedDate"),
    "verified_on": ("LastVerifiedOn", "LastVerified", "LastVerifiedDate", "VerifiedOn",
                    "LastVerificationDate"),
    "verified_by_email": ("LastVerifiedByEmailAddress", "LastVerifiedByEmail"),
    "accessibility": ("DisabilitiesAccess", "DisabilityAccess", "ADAAccess", "Accessibility"),
    "location_description": ("PhysicalLocationDescription", "LocationDescription"),
    "exclude_directory": ("ExcludeFromDirectory",),
    "available_referral": ("AvailableForReferral",),
    "confidential": ("Confidential", "IsConfidential", "ConfidentialAddress"),
    "taxonomy_codes": ("TaxonomyCodes", "TaxonomyCode", "AIRSTaxonomyCodes"),
    "taxonomy_terms": ("TaxonomyTerms", "TaxonomyTermsNotDeactivated", "TaxonomyTermPaths"),
    "taxonomy_leaf": ("TaxonomyTerm", "TaxonomyTermNames"),
    "local_categories": ("Categories", "Category"),
    "agency_taxonomy": ("Tax", "AgencyTax", "AgencyTaxonomy", "AgencyCategories",
                        "AgencyTaxonomyCodes", "AgencyTaxonomyTerms"),
    "senior_name": ("SeniorWorkerName",),
    "senior_title": ("SeniorWorkerTitle",),
    "senior_email": ("SeniorWorkerEmailAddress", "SeniorWorkerEmail"),
    "contact_name": ("MainContactName", "ContactName"),
    "contact_title": ("MainContactTitle", "ContactTitle"),
    "contact_email": ("MainContactEmailAddress", "MainContactEmail", "ContactEmail"),
}

# TaxonomyLevelName values (in header_key form) -> the record level they name.
LEVEL_NAMES: dict[str, str] = {
    "agency": "agency", "organization": "agency", "organisation": "agency",
    "site": "site", "location": "site",
    "program": "program", "programme": "program", "service": "program",
    "siteservice": "program",
    "programatsite": "program_at_site", "programsite": "program_at_site",
    "serviceatsite": "program_at_site", "serviceatlocation": "program_at_site",
    "programatlocation": "program_at_site",
}


@dataclass(frozen=True)
class Level:
    """What the records of one level become.

    ``service``: when a record is a service, any of
    ``always``; ``own_taxonomy`` (it carries taxonomy terms/codes of its own);
    ``uncarried`` (no record below it is a service for it: a program with ProgramAtSite
    rows is offered through them); ``alone`` (it describes a service: taxonomy, description
    or hours; and neither it nor its agency holds a service below: a lone agency, a lone
    site). ``location``: ``always`` (a place of its own), ``placed`` (when it has an
    address or point), ``own_place`` (when its address is its own, not its agency's nor a
    linked site's). ``at``: where its service is: ``self`` (its own location), ``links``
    (linked sites, else its own address, else its agency's main site), ``self_or_sites``
    (its own location, else every site of its agency). ``inherits``: the fields naming
    the record (of level ``inherits_from``) whose values fill what this one leaves empty.
    """

    service: tuple[str, ...]
    location: str
    at: str
    organization: bool = False
    inherits: tuple[str, ...] = ()
    inherits_from: str = ""


# Evaluated in this order: a record's service status depends on the levels before it.
LEVELS: dict[str, Level] = {
    "program_at_site": Level(service=("always",), location="own_place", at="links",
                             inherits=("program_links", "parent_id"), inherits_from="program"),
    "program": Level(service=("uncarried",), location="own_place", at="links"),
    "site": Level(service=("own_taxonomy", "alone"), location="always", at="self"),
    "agency": Level(service=("alone",), location="placed", at="self_or_sites",
                    organization=True),
}

# What a record inherits from the record named by ``Level.inherits`` when it leaves it empty.
INHERITED = (
    "name", "alternate_name", "description", "website", "email", "eligibility", "fees",
    "application_process", "documents", "accreditation", "alert", "languages", "hours",
    "hours_days", "taxonomy_codes", "taxonomy_terms", "taxonomy_leaf", "local_categories",
    "verified_on", "updated_on", "status",
)
# ... and the columns of these multi-column families (phones, coverage): see airs._map_columns
INHERITED_FAMILIES = ("_phone", "_named", "_coverage")

# Several columns feed one field: every present one is kept (as its own row or joined).
MULTI_FIELDS: dict[str, tuple[str, ...]] = {
    "coverage": ("Coverage", "CoverageArea", "CoverageAreaText", "ServiceArea", "AreaServed",
                 "GeographicAreaServed"),
    "transportation": ("PublicAccessTransportation", "BusServiceAccess", "Transportation"),
}

# Phones with a fixed meaning: column -> (HSDS phone.type, description).
NAMED_PHONES: dict[str, tuple[str, str | None]] = {
    "PhoneNumberHotline": ("voice", "hotline"), "PhoneHotline": ("voice", "hotline"),
    "Hotline": ("voice", "hotline"), "PhoneTollFree": ("voice", "toll free"),
    "TollFree": ("voice", "toll free"), "PhoneTTY": ("textphone", "TTY"),
    "PhoneTDD": ("textphone", "TDD"), "TTY": ("textphone", "TTY"), "PhoneFax": ("fax", None),
    "Fax": ("fax", None), "PhoneNumberBusinessLine": ("voice", "business line"),
    "PhoneNumberOutOfArea": ("voice", "out of area"),
    "PhoneNumberAfterHours": ("voice", "after hours"), "PhoneAfterHours": ("voice", "after hours"),
    "Phone": ("voice", None), "MainPhone": ("voice", None), "PhoneMain": ("voice", None),
}
# Numbered phones: Phone1Number, Phone1Name, Phone1Description, Phone1Type, Phone1Ext ...
NUMBERED_PHONE = re.compile(r"^phone(\d+)(number|name|description|type|ext|extension)$")

# Privacy twins: any address or phone column this loader knows may come with a flag column
# named after it plus one of these endings (``PhysicalAddressIsPrivate``,
# ``Phone1IsPrivate``, ``PhoneTTYIsConfidential`` ...; matched like every header, so
# ``Phone 1 Is Private`` too). The stem is recognized through the same aliases as the
# column itself: a new phone or address alias gets its twin with no change here.
PRIVACY_SUFFIXES = ("isprivate", "isconfidential", "private", "confidential")
# A flag cell meaning "private" (lower-cased, stripped); anything else is public.
YES = ("yes", "true", "y", "1", "x")
# The address fields whose alias, as a twin's stem, names that address (physical / mailing).
PRIVATE_ADDRESS_FIELDS = {"physical_address_1": "physical", "mailing_address_1": "mailing"}

# Columns understood but deliberately not stored (no "unknown column" note for them).
NOT_STORED = (
    "RecordOwner", "SearchHints", "AgencyClassification", "ResourceInfo", "AnnualBudgetTotal",
    "SeniorWorkerPhoneNumber", "MainContactPhoneNumber", "MainContactType",
    "ExcludeFromWebsite", "ServiceNotAlwaysAvailability", "CapacityType", "ServiceCapacity",
    "TemporaryMessageAppears", "TemporaryMessageExpires", "EnteredOn", "MadeInactiveOn",
    "InternalNotes", "InternalNotesForEditorsAndViewers", "HighlightedResource",
    "LastVerifiedByName", "LastVerifiedByTitle", "LastVerifiedByPhoneNumber",
    "LastVerificationApprovedBy", "AvailableForDirectory", "AvailableForResearch",
    "PreferredProvider", "OtherAddress1", "OtherAddress2", "OtherCity", "OtherCounty",
    "OtherStateProvince", "OtherPostalCode", "OtherCountry", "TaxonomyTermsNotDeactivated",
)

# AgencyStatus (lower-case) -> (service.status, do_not_refer)
STATUSES: dict[str, tuple[str, bool]] = {
    "active": ("active", False),
    "active, but do not refer": ("active", True),
    "active but do not refer": ("active", True),
    "do not refer": ("active", True),
    "inactive": ("inactive", False),
    "defunct": ("defunct", False),
    "closed": ("defunct", False),
    "permanently closed": ("defunct", False),
    "temporarily closed": ("temporarily closed", False),
    "temporarily inactive": ("temporarily closed", False),
}

COUNTRIES = {"united states": "US", "usa": "US", "us": "US", "u.s.": "US",
             "united states of america": "US", "canada": "CA", "ca": "CA"}

# Language name (lower-case) -> (normalized name, ISO 639-1 code or None).
LANGUAGES: dict[str, tuple[str, str | None]] = {
    name.lower(): (name, code) for name, code in [
        ("English", "en"), ("Spanish", "es"), ("French", "fr"), ("Portuguese", "pt"),
        ("Amharic", "am"), ("Tigrinya", "ti"), ("Oromo", "om"), ("Somali", "so"),
        ("Arabic", "ar"), ("Chinese", "zh"), ("Mandarin", "zh"), ("Cantonese", "zh"),
        ("Vietnamese", "vi"), ("Korean", "ko"), ("Japanese", "ja"), ("Tagalog", "tl"),
        ("Russian", "ru"), ("Polish", "pl"), ("German", "de"), ("Italian", "it"),
        ("Hindi", "hi"), ("Urdu", "ur"), ("Bengali", "bn"), ("Punjabi", "pa"),
        ("Farsi", "fa"), ("Persian", "fa"), ("Haitian Creole", "ht"), ("Greek", "el"),
        ("Hebrew", "he"), ("Yiddish", "yi"), ("Turkish", "tr"), ("Swahili", "sw"),
        ("Thai", "th"), ("Khmer", "km"), ("Lao", "lo"), ("Hmong", None), ("Nepali", "ne"),
        ("Ukrainian", "uk"), ("Romanian", "ro"), ("Dutch", "nl"), ("Yoruba", "yo"),
        ("Igbo", "ig"), ("Twi", "tw"), ("Wolof", "wo"), ("Pashto", "ps"), ("Dari", "fa"),
        ("Gujarati", "gu"), ("Tamil", "ta"), ("Telugu", "te"), ("Indonesian", "id"),
        ("Burmese", "my"), ("Serbian", "sr"), ("Croatian", "hr"), ("Bosnian", "bs"),
        ("Albanian", "sq"), ("Armenian", "hy"), ("Georgian", "ka"),
        ("American Sign Language", None), ("Sign Language", None),
    ]
} | {
    "tigrigna": ("Tigrinya", "ti"), "hindu": ("Hindi", "hi"), "asl": ("American Sign Language", None),
    "creole": ("Haitian Creole", "ht"), "tdd": ("TTY/TDD (text telephone)", None),
    "tty": ("TTY/TDD (text telephone)", None), "tty/tdd": ("TTY/TDD (text telephone)", None),
}

US_STATES = {
    "alabama": "AL", "alaska": "AK", "arizona": "AZ", "arkansas": "AR", "california": "CA",
    "colorado": "CO", "connecticut": "CT", "delaware": "DE", "district of columbia": "DC",
    "florida": "FL", "georgia": "GA", "hawaii": "HI", "idaho": "ID", "illinois": "IL",
    "indiana": "IN", "iowa": "IA", "kansas": "KS", "kentucky": "KY", "louisiana": "LA",
    "maine": "ME", "maryland": "MD", "massachusetts": "MA", "michigan": "MI",
    "minnesota": "MN", "mississippi": "MS", "missouri": "MO", "montana": "MT",
    "nebraska": "NE", "nevada": "NV", "new hampshire": "NH", "new jersey": "NJ",
    "new mexico": "NM", "new york": "NY", "north carolina": "NC", "north dakota": "ND",
    "ohio": "OH", "oklahoma": "OK", "oregon": "OR", "pennsylvania": "PA",
    "rhode island": "RI", "south carolina": "SC", "south dakota": "SD", "tennessee": "TN",
    "texas": "TX", "utah": "UT", "vermont": "VT", "virginia": "VA", "washington": "WA",
    "west virginia": "WV", "wisconsin": "WI", "wyoming": "WY", "puerto rico": "PR",
}

def header_key(name: str) -> str:
    """Lower-case letters and digits only: the form headers are matched in."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


_ADDRESS_STEMS = {header_key(a): kind for field, kind in PRIVATE_ADDRESS_FIELDS.items()
                  for a in FIELDS[field]}
_NAMED_STEMS = {header_key(k) for k in NAMED_PHONES}
_NUMBERED_STEM = re.compile(r"^phone(\d+)(?:number)?$")


def privacy_twin(key: str) -> tuple[str, str] | None:
    """What a privacy flag header (already :func:`header_key`-ed) marks private:
    ``("address", "physical" | "mailing")``, ``("numbered", "<n>")`` for ``Phone<n>...``,
    ``("named", "<phone header key>")``; None when the header is no privacy twin."""
    for suffix in PRIVACY_SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            stem = key[: -len(suffix)]
            if stem in _ADDRESS_STEMS:
                return "address", _ADDRESS_STEMS[stem]
            numbered = _NUMBERED_STEM.match(stem)
            if numbered:
                return "numbered", numbered.group(1)
            if stem in _NAMED_STEMS:
                return "named", stem
    return None
