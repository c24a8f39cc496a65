"""Small fixed word lists shared by the classifier's modules."""

from __future__ import annotations

# Always lower-case when re-casing a shouted headline (added to the feed-derived list).
EXTRA_LOWER = (
    "hires hire hired poaches poached lures joins leaves departs exits quits resigns steps down "
    "raises raised funding round valuation valued acquires acquire buys bought stake invests "
    "startup start-up chief scientist researcher researchers executive exec head team staff "
    "former ex co-founder founder billion million bn mn trillion series seed led leads backs "
    "snaps scoops amid after as at for from into of on to with in by and or the a an its his her "
    "their new more top senior says said lab labs unit group division maker chipmaker"
).split()

# Upper-case when re-casing (acronyms that the feeds write in capitals).
ACRONYMS = frozenset(
    "AI AGI ML LLM LLMS GPU GPUS CPU TPU NPU CEO CTO COO CFO CIO CPO CMO CSO CAIO VP SVP EVP IPO "
    "US UK EU UAE SEC FTC DOJ CMA NYSE R&D API AWS HBM IP".split()
)

# Demonyms and place adjectives that precede a company descriptor ("Canadian AI startup X").
DEMONYMS = frozenset(
    "American Canadian Chinese French German British Israeli Japanese Korean South Indian Swiss "
    "Dutch Swedish Finnish Norwegian Danish Italian Spanish Irish Brazilian Singaporean Taiwanese "
    "European Emirati Saudi Polish Australian Estonian Austrian Belgian Paris London Berlin "
    "Toronto Montreal Beijing Shanghai Shenzhen Hangzhou Tokyo Seoul Silicon Valley Malaysian Indonesian Thai "
    "Vietnamese Mexican Turkish Greek Portuguese Czech Hungarian Romanian Ukrainian Russian Egyptian Nigerian "
    "Kenyan Chilean Argentine Colombian Pakistani Qatari Kuwaiti Scottish Welsh Bavarian Cambridge Oxford "
    "Munich Stockholm Helsinki Amsterdam Zurich Dubai Bangalore Bengaluru Mumbai Taipei Singapore Hong".split()
)

# Words that never start a company or person name found by pattern.
NOT_NAMES = frozenset(
    "January February March April June July August September October November December "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday "
    "The A An This That These Those Each Both It Its Their His Her Our We They He She AI Startup Start-up "
    "Labs Ousted Outgoing Departing Embattled Insurtech Fintech Edtech Healthtech Medtech Proptech Legaltech Regtech Agtech Adtech Cleantech "
    "Company Firm Lab Group Chief Former Ex New Top Senior Sources Report Reports Exclusive "
    "Breaking Update Analysis Opinion Investors Shares Stock Why How What When Who Here After "
    "Amid As In On At For From With By Of And Or But US UK EU Big Tech Silicon Valley Wall Street "
    "Series Round Billion Million CEO CTO COO CFO VP President Founder Co-founder Research Founders "
    "Co-founders Researchers Executives Engineers Scientists Staff Employees Team".split()
)

# Common given names: a capitalised pair starting with one of these is a person, not a company.
FIRST_NAMES = frozenset(
    """Aaron Adam Adrian Aidan Alan Albert Alex Alexander Alexandr Alexandra Alexis Ali Alice Alison
    Allison Amanda Amar Amy Ana Andrea Andrej Andrew Andy Angela Ann Anna Anne Anthony Arthur Arvind
    Ashley Ashok Barbara Ben Benjamin Beth Bethany Bill Bob Brad Bradley Brandon Brendan Brett Brian
    Bruce Bryan Carl Carlos Carol Caroline Catherine Charles Charlie Chris Christian Christina
    Christine Christopher Claire Colin Craig Dan Daniel Daniela Danny Dario Dave David Dean Deborah
    Demis Dennis Derek Diana Diane Dmitri Doug Douglas Dylan Ed Eddie Edward Elad Elena Eli Elizabeth
    Ellen Elon Emad Emily Emma Eric Erik Ethan Eugene Evan Fei-Fei Fidji Frank Fred Gabriel Gary
    George Gil Greg Gregory Hannah Harry Heather Helen Henry Hugo Ian Igor Ilya Isaac Ivan Jack Jacob
    Jake James Jan Jane Janet Jared Jason Jay Jeff Jeffrey Jennifer Jensen Jeremy Jerome Jerry Jess
    Jessica Jim Joanna Joe Joel Joelle John Johnny Jon Jonathan Jordan Jose Joseph Josh Joshua Juan
    Julia Julian Julie Justin Kai Karen Kate Katherine Kathleen Keith Kelly Ken Kevin Kim Kyle Larry
    Laura Lauren Leo Liam Lila Linda Lisa Logan Louis Lucas Luke Marc Marco Marcus Margaret Maria
    Marie Mark Martin Mary Matt Matthew Max Megan Melissa Michael Michelle Miguel Mike Miles Milan
    Mira Mustafa Nadella Naveen Nancy Nat Nathan Neil Nicholas Nick Nicole Noam Noah Oliver Olivia
    Omar Oriol Pat Patrick Paul Peter Phil Philip Pieter Rachel Rahul Raj Rajesh Ralph Ray Rebecca
    Reid Richard Rick Rob Robert Robin Roger Ron Ross Ruoming Russell Ryan Sam Samuel Sandeep Sara
    Sarah Satya Scott Sean Sebastien Sergey Shane Sharon Shengjia Sheryl Simon Sonia Sophia
    Srinivas Stephanie Stephen Steve Steven Sundar Susan Tim Timothy Tina Todd Tom Tony Tyler Vasi
    Victor Vincent Vinod Walter Wayne Will William Xiaohua Yann Yoshua Zach Zoubin Ke Jia Shan
    Jerome Jérôme Lucas Alexandr Imran Ekin Jakub Sebastian Koray Hanna Barret Amjad Aravind Arthur
    Denis Devi Fidji Guillaume Jared Kevin Lukasz Mensch Mikhail Misha Nando Percy Prafulla Rohan
    Ruslan Shane Shu Soumith Tri Trapit Yi Yuhuai Zhang Wei Li Yang Chen Liu Hao Jie Jun Lei Ming
    Yuri Jaan Jony Masayoshi Jensen Lisa Pat Lip-Bu Sridhar Fidji Prem Karandeep Varun Rochan Vijaye
    Raza Luo Wu Ahmad Amir Connor Joanne Sebastien Sébastien Justin Robby Sergey Larry Clara Kyle Karén
    Timothée Guillaume Arthur Llion Rahul Krishna Jakub Durk Alec Lilian Mike Tang Evans Logan Hyung
    Pei Jack Johan Jiahui Shuchao Hongyu Uday Angela Aravind Amjad Mati Dylan Emmett Yoav Ori Itamar
    Sasha Dmitry Alexei Andrei Nikolai Olga Natasha Ilya Pavel Hiroshi Kenji Takeshi Yuki Arjun Vikram
    Priya Anil Sanjay Ravi Suresh Ramesh Nitin Mukesh Gautam Deepak Ahmed Mohamed Mohammed Hassan Fatima
    Omer Yann Francois François Pierre Jean Jacques Louis Antoine Thomas Nicolas Matthias Klaus Jürgen
    Stefan Lars Henrik Sven Anders Erik Magnus Bjorn Mustafa Demis Shane Koray Oriol Raia Zoubin Jeff
    Denis Demi Bret Kevin Marc Reed Bill Melinda Peter Elad Nat Daniel Gary Sam Greg Ilya Noam Eric""".split()
)

# Notable AI people often named by surname alone in headlines ("Karpathy returns to OpenAI").
KNOWN_PEOPLE = (
    "Andrej Karpathy", "Ilya Sutskever", "Mira Murati", "Sam Altman", "Greg Brockman", "John Schulman",
    "Jan Leike", "Demis Hassabis", "Mustafa Suleyman", "Yann LeCun", "Geoffrey Hinton", "Yoshua Bengio",
    "Andrew Ng", "Fei-Fei Li", "Alexandr Wang", "Nat Friedman", "Daniel Gross", "Noam Shazeer",
    "Daniel De Freitas", "Dario Amodei", "Daniela Amodei", "Jack Clark", "Jared Kaplan", "Arthur Mensch",
    "Aidan Gomez", "Emad Mostaque", "Aravind Srinivas", "Liang Wenfeng", "Kai-Fu Lee", "Igor Babuschkin",
    "Lucas Beyer", "Alexander Kolesnikov", "Xiaohua Zhai", "Shengjia Zhao", "Ruoming Pang",
    "John Giannandrea", "Jony Ive", "Jerome Pesenti", "Joelle Pineau", "Richard Socher", "Naveen Rao",
    "Mike Krieger", "Kevin Weil", "Bob McGrew", "Barret Zoph", "Liam Fedus", "Jakub Pachocki",
    "Lilian Weng", "Alec Radford", "Durk Kingma", "Koray Kavukcuoglu", "Varun Mohan", "Douglas Chen",
    "Jeff Dean", "Oriol Vinyals", "Sebastien Bubeck", "Miles Brundage", "Amar Subramanya",
    "Ahmad Al-Dahle", "Chris Cox", "Rob Fergus", "Jason Wei", "Hyung Won Chung", "Trapit Bansal",
    "Mark Chen", "Nick Turley", "Fidji Simo", "Andrew Tulloch", "Tim Brooks", "Peter Deng", "Jia Li",
    "Mark Zuckerberg", "Satya Nadella", "Sundar Pichai", "Tim Cook", "Elon Musk", "Jensen Huang",
    "Andy Jassy", "Marc Benioff", "Masayoshi Son", "Kevin Scott", "Pieter Abbeel", "Richard Sutton",
)  # fmt: skip

# Countries, US states, regions and cities that headlines put where a company could stand.
PLACES = frozenset(
    """Europe Asia Africa America North America South America Latin America Middle East Gulf US USA UK
    China Japan India Korea South Korea Taiwan Singapore France Germany Britain England Ireland Italy
    Spain Portugal Netherlands Sweden Norway Finland Denmark Poland Switzerland Austria Israel Canada
    Mexico Brazil Australia Saudi Arabia UAE Qatar Texas California New York Washington Virginia Ohio
    Arizona Georgia Pennsylvania North Carolina South Carolina Wisconsin Louisiana Indiana Iowa
    Nevada Oregon Tennessee Michigan Illinois Florida Abu Dhabi Dubai London Paris Berlin Munich Tokyo
    Beijing Shanghai Shenzhen Hangzhou Seoul Toronto Montreal Zurich Stockholm Amsterdam Tel Aviv
    Silicon Valley San Francisco Palo Alto Seattle Boston Austin Memphis Abilene Stanford Malaysia Indonesia
    Thailand Vietnam Philippines Kenya Nigeria Egypt Turkey Greece Belgium Czechia Hungary Romania Ukraine
    Chile Argentina Colombia Peru Pakistan Bangladesh Kuwait Bahrain Oman Morocco Luxembourg Iceland Scotland
    Wales Quebec Ontario Alberta Bavaria Mumbai Bangalore Bengaluru Hyderabad Chennai Delhi Jakarta Johor
    Bangkok Hanoi Manila Sydney Melbourne Riyadh Doha Cairo Lagos Nairobi Istanbul Madrid Barcelona Milan
    Rome Lisbon Dublin Frankfurt Hamburg Vienna Prague Warsaw Helsinki Oslo Copenhagen Brussels Geneva Osaka
    Busan Taipei Hsinchu Wuhan Chengdu Guangzhou Nanjing Chicago Atlanta Dallas Houston Phoenix Denver
    Columbus Utah Kansas Missouri Mississippi Alabama Kentucky Minnesota Nebraska Oklahoma Wyoming Montana
    Idaho Maryland Massachusetts Connecticut Delaware Maine Vermont Arkansas Hawaii Alaska Mexico Sines
    Wisconsin Ohio Sweden Chile Africa Asia Britain""".split()
) | {
    "North America",
    "South America",
    "Latin America",
    "Middle East",
    "South Korea",
    "Saudi Arabia",
    "New York",
    "North Carolina",
    "South Carolina",
    "Abu Dhabi",
    "Tel Aviv",
    "Menlo Park",
    "Mountain View",
    "Redmond",
    "Cupertino",
    "Waterloo",
    "Silicon Valley",
    "San Francisco",
    "Palo Alto",
    "New Jersey",
    "Hong Kong",
    "Wall Street",
    "New Zealand",
    "South Africa",
    "Kuala Lumpur",
    "New Mexico",
    "West Virginia",
    "New Hampshire",
    "Rhode Island",
    "North Dakota",
    "South Dakota",
    "British Columbia",
}
