"""ISO 3166-1 alpha-2 <-> alpha-3 for every state in the UN General Assembly voting data.

The UNGA vote files (Voeten's data as packaged in the ``unvotes`` R package) identify states by
alpha-2 code; aseanway identifies them by alpha-3. The table below covers the 197 codes that occur in
``votes.csv.gz`` (sessions 1-72). It was generated from the CLDR territory aliases shipped with Babel
(current codes only) and checked by hand; four retired states have ISO 3166-3 alpha-3 codes:
CS Czechoslovakia -> CSK, DD German Democratic Republic -> DDR, YD Yemen People's Republic -> YMD,
YU Yugoslavia -> YUG (the data keep Serbia under YU until 2017). Namibia's code is the string ``NA``.
"""

from __future__ import annotations

_PAIRS = """
AD:AND AE:ARE AF:AFG AG:ATG AL:ALB AM:ARM AO:AGO AR:ARG AT:AUT AU:AUS AZ:AZE BA:BIH BB:BRB
BD:BGD BE:BEL BF:BFA BG:BGR BH:BHR BI:BDI BJ:BEN BN:BRN BO:BOL BR:BRA BS:BHS BT:BTN BW:BWA
BY:BLR BZ:BLZ CA:CAN CD:COD CF:CAF CG:COG CH:CHE CI:CIV CL:CHL CM:CMR CN:CHN CO:COL CR:CRI
CS:CSK CU:CUB CV:CPV CY:CYP CZ:CZE DD:DDR DE:DEU DJ:DJI DK:DNK DM:DMA DO:DOM DZ:DZA EC:ECU
EE:EST EG:EGY ER:ERI ES:ESP ET:ETH FI:FIN FJ:FJI FM:FSM FR:FRA GA:GAB GB:GBR GD:GRD GE:GEO
GH:GHA GM:GMB GN:GIN GQ:GNQ GR:GRC GT:GTM GW:GNB GY:GUY HN:HND HR:HRV HT:HTI HU:HUN ID:IDN
IE:IRL IL:ISR IN:IND IQ:IRQ IR:IRN IS:ISL IT:ITA JM:JAM JO:JOR JP:JPN KE:KEN KG:KGZ KH:KHM
KI:KIR KM:COM KN:KNA KP:PRK KR:KOR KW:KWT KZ:KAZ LA:LAO LB:LBN LC:LCA LI:LIE LK:LKA LR:LBR
LS:LSO LT:LTU LU:LUX LV:LVA LY:LBY MA:MAR MC:MCO MD:MDA ME:MNE MG:MDG MH:MHL MK:MKD ML:MLI
MM:MMR MN:MNG MR:MRT MT:MLT MU:MUS MV:MDV MW:MWI MX:MEX MY:MYS MZ:MOZ NA:NAM NE:NER NG:NGA
NI:NIC NL:NLD NO:NOR NP:NPL NR:NRU NZ:NZL OM:OMN PA:PAN PE:PER PG:PNG PH:PHL PK:PAK PL:POL
PT:PRT PW:PLW PY:PRY QA:QAT RO:ROU RU:RUS RW:RWA SA:SAU SB:SLB SC:SYC SD:SDN SE:SWE SG:SGP
SI:SVN SK:SVK SL:SLE SM:SMR SN:SEN SO:SOM SR:SUR SS:SSD ST:STP SV:SLV SY:SYR SZ:SWZ TD:TCD
TG:TGO TH:THA TJ:TJK TL:TLS TM:TKM TN:TUN TO:TON TR:TUR TT:TTO TV:TUV TW:TWN TZ:TZA UA:UKR
UG:UGA US:USA UY:URY UZ:UZB VC:VCT VE:VEN VN:VNM VU:VUT WS:WSM YD:YMD YE:YEM YU:YUG ZA:ZAF
ZM:ZMB ZW:ZWE
"""

ALPHA2_TO_ALPHA3: dict[str, str] = dict(pair.split(":") for pair in _PAIRS.split())
ALPHA3_TO_ALPHA2: dict[str, str] = {a3: a2 for a2, a3 in ALPHA2_TO_ALPHA3.items()}


def to_alpha3(code: str) -> str | None:
    """Alpha-3 for an alpha-2 or alpha-3 code (any case); ``None`` when unknown."""
    c = code.strip().upper()
    if len(c) == 2:
        return ALPHA2_TO_ALPHA3.get(c)
    if len(c) == 3 and c in ALPHA3_TO_ALPHA2:
        return c
    return None
