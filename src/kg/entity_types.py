"""The closed vocabulary of entity types, and which types may fill which role of a fact.

Every type is the local name of a class of ``ontology/kg.ttl`` (a test checks it); the seeds, the minting of
new entities and the fact rules all use these sets, so a role accepts the same types everywhere.
"""

from __future__ import annotations

FACILITY = frozenset({"MilitaryBase", "AirBase", "Camp", "Headquarters", "Airport", "Facility"})
COUNTRY = frozenset({"Country"})
AREA = frozenset({"Country", "Region", "City", "Place"})
#: where a force can be or go: an area or a facility
PLACE = AREA | FACILITY
#: who has troops («القوات الفرنسية», «فرنسا», «بعثة الأمم المتحدة», «حركة الشباب»)
FORCE = frozenset({"ArmedForce", "MilitaryUnit", "Coalition", "ArmedGroup", "Mission", "Country",
                   "InternationalOrganization"})
#: who hands a facility over or receives it: a force, a government, an authority
ACTOR = FORCE | frozenset({"GovernmentBody", "Ministry", "Organization"})
#: who says something
SPEAKER = ACTOR | frozenset({"Person", "NewsAgency"})
#: who is party to an agreement (a capital stands for its government: «بغداد وواشنطن»; a leader for a state)
PARTY = frozenset({"Country", "City", "GovernmentBody", "Ministry", "Coalition", "Organization",
                   "InternationalOrganization", "Person"})  # a leader signs for a state («اتفاق بين بوتين وعلييف»)
AGENCY = frozenset({"NewsAgency"})
OTHER = frozenset({"Person", "NewsAgency", "Agreement", "MilitaryOperation"})

#: every entity type kg knows
ALL = FACILITY | AREA | ACTOR | SPEAKER | PARTY | OTHER
