"""Real hours strings from /work/shared/data with hand-written expectations.

Each case: (dataset, value, expected). Expected grammar (written by reading the value, not
from parser output): ``UNKNOWN``; ``APPT`` (by appointment only); otherwise optional
``PARTIAL `` then rules joined by `` | ``: ``DAYS TIMES [@MM-DD..MM-DD] [#nth]`` with DAYS like
``Mo-Fr`` or ``Mo,We`` and TIMES like ``08:00-12:00,13:00-17:00`` (overnight keeps the real
closing time, 24 h = ``00:00-24:00``); flags at the end: `` +PH`` (closed on public holidays),
`` +APPT`` (also by appointment).
"""

DC = "dc-211-airs-export"  # 211.csv HoursOfOperation / Hours
SMC = "ohana-smc-2014"  # locations.json hours
ILAO = "hsds-transformer-fixtures"  # ilao input locations.csv "Hours of operation"
FM = "ohana-smc-2014/farmers"  # smc_farmers_markets.json

H24 = "Mo-Su 00:00-24:00"

CASES: list[tuple[str, str, str]] = [
    (DC, "7:00 am - 6:00 pm, Monday - Friday", "Mo-Fr 07:00-18:00"),
    (DC, "7:30 am - 4:00 pm, Monday - Friday", "Mo-Fr 07:30-16:00"),
    (DC, "8:00 am - 5 :00 pm, Monday - Friday", "Mo-Fr 08:00-17:00"),
    (DC, "Open 24 hours", H24),
    (DC, "Open 24 Hours", H24),
    (DC, "Monday - Friday 9:00 am - 4:00 pm", "Mo-Fr 09:00-16:00"),
    (DC, "9:00 am - 4:00 pm, Monday - Friday", "Mo-Fr 09:00-16:00"),
    (DC, "Monday - Friday 9am-4pm", "Mo-Fr 09:00-16:00"),
    (DC, "Monday - Friday, 9:00 am - 4:00 pm", "Mo-Fr 09:00-16:00"),
    (DC, "9:00 am - 5:00 pm, Monday - Friday", "Mo-Fr 09:00-17:00"),
    (
        DC,
        "8:30 am - 8:30 pm, Monday - Thursday; 9:00 am - 4:00 pm, Friday",
        "Mo-Th 08:30-20:30 | Fr 09:00-16:00",
    ),
    (
        DC,
        "8:30 am - 8:30 pm, Monday - Thursday (evening classes Monday - Wednesday only); "
        "9:00 am - 4:00 pm, Friday; no evening hours when class is not in session",
        "UNKNOWN",
    ),
    (
        DC,
        "8:00 am - 9:00 pm, Monday - Thursday; 8:00 am - 4:00 pm, Friday",
        "Mo-Th 08:00-21:00 | Fr 08:00-16:00",
    ),
    (
        DC,
        "9:00 am - 9:00 pm, Monday - Thursday; 8:00 am - 4:00 pm, Friday",
        "Mo-Th 09:00-21:00 | Fr 08:00-16:00",
    ),
    (
        DC,
        "services twice daily seven days a week; offices open weekdays 9:00 am to 5:00 pm  "
        "(3:00 pm on Fridays)",
        "UNKNOWN",
    ),
    (DC, "9:00 am - 5:00 pm, daily", "Mo-Su 09:00-17:00"),
    (DC, "10:00 am - 2:00 pm, daily", "Mo-Su 10:00-14:00"),
    (DC, "9:00 am - 5:00 pm, Monday - Friday; Some Tuesday Evenings", "UNKNOWN"),
    (DC, "9:00 am - 5:30 pm, Monday - Friday", "Mo-Fr 09:00-17:30"),
    (DC, "11:00 am - 9:00 pm, Monday - Friday", "Mo-Fr 11:00-21:00"),
    (
        DC,
        "4:00 pm - 7:00 pm, Monday - Friday; 10:00 am - 2:00 pm, Saturday",
        "Mo-Fr 16:00-19:00 | Sa 10:00-14:00",
    ),
    (DC, "12:00 pm - 5:00 pm, Monday - Friday", "Mo-Fr 12:00-17:00"),
    (DC, "7:00 am - 8:00 pm, Monday - Friday", "Mo-Fr 07:00-20:00"),
    (DC, "9:00 am - 4:30 pm, Monday - Friday", "Mo-Fr 09:00-16:30"),
    (DC, "24 hours", H24),
    (DC, "8:30 am - 5:30 pm, Monday - Friday", "Mo-Fr 08:30-17:30"),
    (DC, "7:00 pm - 9:30 pm, Monday - it may be expanded due to need", "UNKNOWN"),
    (DC, "9:00 am - 5:00 pm, Monday - Friday; Free 24/7 Helpline", "PARTIAL Mo-Fr 09:00-17:00"),
    (DC, "8:30 am - 5:00 pm, Monday - Friday", "Mo-Fr 08:30-17:00"),
    (DC, "24 Hours", H24),
    (DC, "9:00 am - 5:00 pm, Monday - Friday   On call for emergency 24/7", "UNKNOWN"),
    (DC, "9:00 am - 6:00 pm, Monday - Friday", "Mo-Fr 09:00-18:00"),
    (
        DC,
        "10:00 am - 6:00 pm, Monday - Thursday; 9:00 am - 1:00 pm, Saturday",
        "Mo-Th 10:00-18:00 | Sa 09:00-13:00",
    ),
    (
        DC,
        "7:45 am - 8:00 pm, Monday, Wednesday, 7:45 am - 4:45 pm Tuesday, Thursday, Friday; "
        "8:00 am  - 2:00 pm, Saturday",
        "Mo,We 07:45-20:00 | Tu,Th,Fr 07:45-16:45 | Sa 08:00-14:00",
    ),
    (DC, "10:00 am - 7:00 pm, Monday - Friday", "Mo-Fr 10:00-19:00"),
    (DC, "9:00 am - 3 pm Delivery, Saturday Only", "PARTIAL Sa 09:00-15:00"),
    (DC, "8:00 am - 5:00 pm, Monday - Friday, except on public holidays", "Mo-Fr 08:00-17:00 +PH"),
    (DC, "6:00 am - 8:00 pm, Monday - Friday", "Mo-Fr 06:00-20:00"),
    (DC, "7:45 am - 4:30 pm, Monday - Friday", "Mo-Fr 07:45-16:30"),
    (DC, "8:30 am - 4:30 pm, Monday - Friday", "Mo-Fr 08:30-16:30"),
    (
        DC,
        "Office Hours: 8:00 am - 5:00 pm, Monday - Friday; Water Treatment & Water "
        "Distribution: Open 24 hours",
        "UNKNOWN",
    ),
    (DC, "8:00am - 7:00 pm, Monday - Friday", "Mo-Fr 08:00-19:00"),
    (
        DC,
        "10:00am -8:00pm Monday - Thursday 10am - 6pm Friday",
        "Mo-Th 10:00-20:00 | Fr 10:00-18:00",
    ),
    (
        DC,
        "6:30 am to 9:00 pm, Monday - Friday; 8:30 am to 4:30 pm, Saturday; 10:00 am to "
        "4:30 pm, Sunday",
        "Mo-Fr 06:30-21:00 | Sa 08:30-16:30 | Su 10:00-16:30",
    ),
    (DC, "9:00 am - 5:00 pm, Monday - Friday; Saturday if deemed necessary", "UNKNOWN"),
    (
        DC,
        "Monday, Wednesday 9:00 - 11:00 AM Tuesday, Thursday 1:00 - 3:00 PM",
        "Mo,We 09:00-11:00 | Tu,Th 13:00-15:00",
    ),
    (DC, "10 am - 3 pm, Monday - Friday", "Mo-Fr 10:00-15:00"),
    (
        DC,
        "900am- 3:00pm, Monday -Friday Soup Kitchen; 1:00 pm- 2:00 pm,",
        "PARTIAL Mo-Fr 09:00-15:00",
    ),
    (DC, "8:30 am - 4:30 pm. Monday to Friday", "Mo-Fr 08:30-16:30"),
    (DC, "9:30 am - 5:30 pm,  Monday - Friday", "Mo-Fr 09:30-17:30"),
    (DC, "9:00 am - 5:00 pm", "UNKNOWN"),
    (DC, "8:30 am - 5:30 pm EST, Monday - Friday", "Mo-Fr 08:30-17:30"),
    (
        DC,
        "8:15 am - 4:45pm, Monday - Friday (Administration); 8:30 am - 3:45pm, Monday - "
        "Thursday (Intake)",
        "UNKNOWN",
    ),
    (DC, "8:30 am - 5:00 pm, Monday - Friday; voicemail after business hours", "UNKNOWN"),
    (DC, "Office: 8:30 am -4:30 pm, Monday - Fridays", "PARTIAL Mo-Fr 08:30-16:30"),
    (DC, "Sunday 9am-12pm; Three levels from April 10- June 26", "UNKNOWN"),
    (DC, "Upon request", "UNKNOWN"),
    (DC, "8:00 am - 5:30 pm, Monday - Friday", "Mo-Fr 08:00-17:30"),
    (
        DC,
        "8:15 am - 4:30 pm, Monday - Friday (Clinic Appts.); 11:00 am - 11:00 pm, Monday - "
        "Friday; 11:00 am - 7:00 pm, Saturday, Sunday, Holidays",
        "UNKNOWN",
    ),
    (DC, "9:00 am - 5:00 pm, Monday - Friday (Administrative)", "PARTIAL Mo-Fr 09:00-17:00"),
    (DC, "8:00 am - noon and 1:00 pm - 3:00 pm, Monday - Friday", "Mo-Fr 08:00-12:00,13:00-15:00"),
    (DC, "8:30 am - 6:00 pm, Monday - Friday Office, 8:00 am - 5:00 pm (Summer)", "UNKNOWN"),
    (
        DC,
        "9:00 am - 9:00 pm, Monday - Friday;  24-hours, Crisis intervention team",
        "PARTIAL Mo-Fr 09:00-21:00",
    ),
    (DC, "9:00 am - 6:00 pm, Monday - Friday (Administrative)", "PARTIAL Mo-Fr 09:00-18:00"),
    (
        DC,
        "Monday to Wednesday: 8:15 am to 7:45 pm  Thursday: 8:15 am to 11:30 am; 1:30 pm to "
        "7:45 pm  Friday: 8:15 am to 4:30 pm  Saturday: 8:15 am to 11:30 pm  CRHS is closed "
        "from 1:30-5 pm the 3rd Tuesday of each month",
        "UNKNOWN",
    ),
    (
        DC,
        "8:15 am - 4:00 pm, Monday - Friday; (Information only) Open 24 hours",
        "PARTIAL Mo-Fr 08:15-16:00",
    ),
    (DC, "12:00pm-7:00pm daily (24/7 for Stray and unwanted animals)", "PARTIAL Mo-Su 12:00-19:00"),
    (
        DC,
        "2:30 am - 7:00 pm, Tuesday, Thurs. (Family Planning); 4:00 am - 10:00 pm, Wed. "
        "(Prenatal); 9:00 am - Noon, Friday (Prenatal/Pediatric)",
        "UNKNOWN",
    ),
    (
        DC,
        "8:45 am - 5:00 pm, Monday - Friday; centers are open from 10:00 am - 2:00 pm",
        "PARTIAL Mo-Fr 08:45-17:00",
    ),
    (
        DC,
        "8:00 am - 8:00 pm, Monday - Friday; 9:00 am - 4:00 pm, Saturday",
        "Mo-Fr 08:00-20:00 | Sa 09:00-16:00",
    ),
    (DC, "5:30 - 8:30 pm, Wednesday (Tutoring)", "PARTIAL We 17:30-20:30"),
    (
        DC,
        "9:00 am - 5:00 pm,  Monday, Tuesday, Thursday, Friday; 9:00 am - 8:00 pm,  Wednesday",
        "Mo,Tu,Th,Fr 09:00-17:00 | We 09:00-20:00",
    ),
    (
        DC,
        "Intake begins at 7 pm each night and the shelter closes at 7 am the next morning.",
        "UNKNOWN",
    ),
    (
        DC,
        "8:15 am - 4:45 pm, Monday - Friday; hospital is operational 24 hours, 7 days a week",
        "PARTIAL Mo-Fr 08:15-16:45 | Mo-Su 00:00-24:00",
    ),
    (
        DC,
        "(Rectory) 9:00 am - 8:00 pm, Monday - Friday; 9:00 am - 4:00 pm, Saturday and Sunday",
        "PARTIAL Mo-Fr 09:00-20:00 | Sa,Su 09:00-16:00",
    ),
    (
        DC,
        "Hours vary for first time callers and clients: call to inquire this information, "
        "CLOSED on Wendsdays",
        "UNKNOWN",
    ),
    (DC, "9:00 am - 9:00 pm, Monday - Friday", "Mo-Fr 09:00-21:00"),
    (
        DC,
        "8:45am \u2013 11:30am; 1:00pm \u2013 3:45pm; 6:00pm \u2013 9:00p    Friday",
        "Fr 08:45-11:30,13:00-15:45,18:00-21:00",
    ),
    (
        DC,
        "8:30 am - 5:30 pm, Monday - Friday; emergency on call coverage available 24 hours",
        "UNKNOWN",
    ),
    (DC, "11:00 am - 8:00 pm, Monday - Thursday", "Mo-Th 11:00-20:00"),
    (DC, "10:00 am - Noon, Monday - Friday", "Mo-Fr 10:00-12:00"),
    (
        DC,
        "9:00 am - 6:00 pm, Monday - Friday; tutoring offered after school  5:00 pm - 8:30 pm "
        "(depending on site location), Monday, Wednesday, Thursday.",
        "UNKNOWN",
    ),
    (DC, "Noon - 1:00 pm, Monday - Friday", "Mo-Fr 12:00-13:00"),
    (DC, "9:30 am - 5:30 pm, Monday - Friday", "Mo-Fr 09:30-17:30"),
    (DC, "2:00 pm - 7:00 pm, Monday - Friday", "Mo-Fr 14:00-19:00"),
    (
        DC,
        "Mon - Fri 3:30pm - 9:00pm; Sat 10:00am - 4:00pm (Closed Sun)",
        "Mo-Fr 15:30-21:00 | Sa 10:00-16:00",
    ),
    (DC, "Mon - Fri 3:00pm - 8:00pm (Closed Sat, Sun)", "Mo-Fr 15:00-20:00"),
    (DC, "Mon - Fri 9:00pm - 9:00pm; Sat 10:00am - 4:00pm (Closed Sun)", "UNKNOWN"),
    (
        DC,
        "1:00 pm - 9:00 pm, Monday & Wednesday; 9:30 am - 5:30 pm, Tuesday, Thursday, Friday, "
        "Saturday: Closed Sunday",
        "Mo,We 13:00-21:00 | Tu,Th,Fr,Sa 09:30-17:30",
    ),
    (
        DC,
        "Monday & Tuesday: 12:00 - 9:00 p.m.; Wednesday-Saturday 9:30 a.m. -5:30 p.m.",
        "Mo,Tu 12:00-21:00 | We-Sa 09:30-17:30",
    ),
    (DC, "4:30 pm - 7:30 pm, 2nd & 4th Tuesday of each month", "Tu 16:30-19:30 #2,4"),
    (
        DC,
        "4:30 pm - 7:30 pm, 1st Wednesday of each month;  12:00 pm - 3:00 pm, 3rd Saturdays of "
        "each month",
        "We 16:30-19:30 #1 | Sa 12:00-15:00 #3",
    ),
    (DC, "7:00 pm - 7:00 am", "UNKNOWN"),
    (DC, "By appointment", "APPT"),
    (DC, "By appointment only", "APPT"),
    (DC, "Appointments Only", "APPT"),
    (DC, "Please inquire", "UNKNOWN"),
    (DC, "N/A", "UNKNOWN"),
    (DC, "November 1 - March 31:  Open 24 Hours", "Mo-Su 00:00-24:00 @11-01..03-31"),
    (DC, "8am-8pm, Monday to Friday (except federal holidays)", "Mo-Fr 08:00-20:00 +PH"),
    (DC, "4:45 pm - 8:15 am, (Non-business hours every evening)", "UNKNOWN"),
    (DC, "9:00 am - 5:00 pm, Monday - Friday; and by appointment", "Mo-Fr 09:00-17:00 +APPT"),
    (DC, "10:00 am - 1:00 pm, Monday - Friday; or by appointment", "Mo-Fr 10:00-13:00 +APPT"),
    (DC, "Mon 24/7; Tue 24/7; Wed 24/7; Thu 24/7; Fri 24/7; Sat 24/7; Sun 24/7;", H24),
    (DC, "Tue 8:00 - 5:00;", "Tu 08:00-17:00"),
    (DC, "Mon; Tue; Wed; Thu; Fri; Sat; Sun;", "UNKNOWN"),
    (
        DC,
        "Mon 7:45am - 8:00pm; Tue 8:00am - 2:00 pm; Wed 7:45am - 8:00pm; Thu 8:00am - 2:00 pm; "
        "Fri 8:00am - 2:00 pm; Sat 8:00am - 2:00 pm; Sun Close - Close;",
        "Mo,We 07:45-20:00 | Tu,Th,Fr,Sa 08:00-14:00",
    ),
    (
        DC,
        "Mon 10:00 am - 6:00pm; Tue 10:00am - 6:00pm; Wed 10:00am - 6:00pm; Thu 10:00am - "
        "6:00pm; Fri 10:00am - 6:00pm;",
        "Mo-Fr 10:00-18:00",
    ),
    (
        DC,
        "Mon 9:00 am - 5:00 pm; Tue 9:00 am - 5:00 pm; Wed 9:00 am - 5:00 pm; Thu 9:00 am - "
        "5:00 pm; Fri 9:00 am - 5:00 pm;",
        "Mo-Fr 09:00-17:00",
    ),
    (
        DC,
        "Mon 9:00 AM - 5:00 PM; Tue 9:00 AM - 5:00 PM; Wed 9:00 AM - 5:00 PM; Thu 9:00 AM - "
        "5:00 PM; Fri 9:00 AM - 5:00 PM;",
        "Mo-Fr 09:00-17:00",
    ),
    (
        DC,
        "Mon 9:00 am - 1:00 pm; Tue 9:00 am - 1:00 pm; Wed 9:00 am - 1:00 pm; Thu 9:00 am - "
        "1:00 pm;",
        "Mo-Th 09:00-13:00",
    ),
    (
        DC,
        "Mon 7:30 am - 4:00 pm; Tue 7:30 am - 4:00 pm; Wed 7:30 am - 4:00 pm; Thu 7:30 am - "
        "4:00 pm; Fri 7:30 am - 4:00 pm;",
        "Mo-Fr 07:30-16:00",
    ),
    (
        DC,
        "Mon 9:00 am - 5:00 pm; Tue 9:00 am - 7:00 pm; Wed 9:00 am - 5:00 pm; Thu 9:00 am - "
        "5:00 pm; Fri 7:30 am - 4:00 pm;",
        "Mo,We,Th 09:00-17:00 | Tu 09:00-19:00 | Fr 07:30-16:00",
    ),
    (
        DC,
        "Mon 9:00 - 5:00; Tue 9:00 - 7:00; Wed 9:00 - 5:00; Thu 9:00 - 5:00; Fri 7:30 - 4:00;",
        "Mo,We,Th 09:00-17:00 | Tu 09:00-19:00 | Fr 07:30-16:00",
    ),
    (
        DC,
        "Mon 8:00 am - 4:00 pm; Tue 8:00 am - 4:00 pm; Wed 8:00 am - 4:00 pm; Thu 8:00 am - "
        "4:00 pm; Fri 8:00 am - 4:00 pm;",
        "Mo-Fr 08:00-16:00",
    ),
    (SMC, "Monday-Thursday, 8:30-5; Friday, 8:30-4", "Mo-Th 08:30-17:00 | Fr 08:30-16:00"),
    (SMC, "Monday-Friday, 9-12, 1-5", "Mo-Fr 09:00-12:00,13:00-17:00"),
    (SMC, "Monday-Friday, 8-5", "Mo-Fr 08:00-17:00"),
    (SMC, "Investigations: 24 hours daily; Administration: Monday-Friday, 8-5", "UNKNOWN"),
    (SMC, "Monday-Friday, 8-12, 1-5", "Mo-Fr 08:00-12:00,13:00-17:00"),
    (SMC, "Monday-Friday, 9-5", "Mo-Fr 09:00-17:00"),
    (SMC, "Tuesday-Saturday, 10-5; Sunday, 12-5", "Tu-Sa 10:00-17:00 | Su 12:00-17:00"),
    (SMC, "Monday-Friday, 7:30-5", "Mo-Fr 07:30-17:00"),
    (SMC, "Monday, Tuesday, Thursday, Friday, 8-5; Wednesday, 11-5; closed 12-1", "UNKNOWN"),
    (SMC, "Monday-Friday, 8 am-10 pm", "Mo-Fr 08:00-22:00"),
    (
        SMC,
        "Monday, Tuesday, Thursday, 9-4; Wednesday, 9-7; Friday, 9-1:30",
        "Mo,Tu,Th 09:00-16:00 | We 09:00-19:00 | Fr 09:00-13:30",
    ),
    (SMC, "24 hour facility", H24),
    (SMC, "24 hours daily", H24),
    (SMC, "Monday-Thursday, 8 am-9 pm; Friday, 8-6", "Mo-Th 08:00-21:00 | Fr 08:00-18:00"),
    (SMC, "Monday-Thursday, 8:30-5:30; Friday, 8:30-5", "Mo-Th 08:30-17:30 | Fr 08:30-17:00"),
    (SMC, "Varies", "UNKNOWN"),
    (SMC, "Varies according to clinic", "UNKNOWN"),
    (
        SMC,
        "Monday-Friday, 9-5; Resource Coordinator's hours: approximately Monday-Friday, 1-6",
        "UNKNOWN",
    ),
    (SMC, "Office: Monday-Friday, 8-5; activities: Monday-Thursday, 8 am-9 pm", "UNKNOWN"),
    (SMC, "See Services for details", "UNKNOWN"),
    (SMC, "Monday-Friday, 8:30-4:30", "Mo-Fr 08:30-16:30"),
    (SMC, "Monday-Friday, 8-5: Saturday, 9-5; Evenings until 7 pm (by phone)", "UNKNOWN"),
    (SMC, "Monday-Friday, 10-4", "Mo-Fr 10:00-16:00"),
    (SMC, "Monday-Friday, 8:30-5:30", "Mo-Fr 08:30-17:30"),
    (SMC, "Monday-Thursday, 9-5", "Mo-Th 09:00-17:00"),
    (SMC, "Monday-Friday, 8:30-5; Saturday, 8-11", "UNKNOWN"),
    (
        SMC,
        "Monday, Tuesday, Wednesday, Friday, 8:30-12, 1-4:30; Thursday, 1-4:30",
        "Mo,Tu,We,Fr 08:30-12:00,13:00-16:30 | Th 13:00-16:30",
    ),
    (
        SMC,
        "Adoptions: Thursday-Saturday, 11-6; Sunday, 11-5",
        "PARTIAL Th-Sa 11:00-18:00 | Su 11:00-17:00",
    ),
    (SMC, "Monday-Friday, 9-4", "Mo-Fr 09:00-16:00"),
    (
        SMC,
        "Monday-Friday, 10-5:30; Saturday, Sunday, 10-5",
        "Mo-Fr 10:00-17:30 | Sa,Su 10:00-17:00",
    ),
    (SMC, "Monday-Thursday, 8:30-4", "Mo-Th 08:30-16:00"),
    (SMC, "Monday-Thursday, 9-4", "Mo-Th 09:00-16:00"),
    (SMC, "Office hours: Monday-Friday, 8-5; 24-hour emergency response", "UNKNOWN"),
    (
        SMC,
        "Monday, Thursday, 12-8; Tuesday, Wednesday, 10-8; Friday, Saturday, 10-6; Sunday, 1-5",
        "Mo,Th 12:00-20:00 | Tu,We 10:00-20:00 | Fr,Sa 10:00-18:00 | Su 13:00-17:00",
    ),
    (SMC, "Tuesday-Friday, 12-5", "Tu-Fr 12:00-17:00"),
    (SMC, "Monday-Friday, 8-4:30; school hours 8:30-2:30", "UNKNOWN"),
    (SMC, "Monday-Friday, 8-5p", "Mo-Fr 08:00-17:00"),
    (SMC, "Monday-Friday, 9-6; ESL Monday, Wednesday, 7-9", "UNKNOWN"),
    (
        SMC,
        "Monday, Thursday, 10-6; Tuesday, 1-9; Friday, 1-6; Saturday, 10-5",
        "Mo,Th 10:00-18:00 | Tu 13:00-21:00 | Fr 13:00-18:00 | Sa 10:00-17:00",
    ),
    (SMC, "Tuesday-Sunday, 10-4", "Tu-Su 10:00-16:00"),
    (SMC, "Tuesday-Thursday, 9:30-12, 1-4", "Tu-Th 09:30-12:00,13:00-16:00"),
    (SMC, "Monday-Friday, 9-5 (EST)", "Mo-Fr 09:00-17:00"),
    (SMC, "Vary according to location of center", "UNKNOWN"),
    (
        SMC,
        "Monday, 2-7; Tuesday, Wednesday, 11-8; Thursday-Saturday, 10-6",
        "Mo 14:00-19:00 | Tu,We 11:00-20:00 | Th-Sa 10:00-18:00",
    ),
    (SMC, "Monday-Thursday, 7 am-6 pm", "Mo-Th 07:00-18:00"),
    (SMC, "Monday-Thursday, 10-7; Friday, 10-3", "Mo-Th 10:00-19:00 | Fr 10:00-15:00"),
    (SMC, "Monday-Thursday, 7-7", "Mo-Th 07:00-19:00"),
    (SMC, "Monday-Friday,  2:30-6", "Mo-Fr 14:30-18:00"),
    (SMC, "Monday-Thursday, 10-5; Friday, 10-3", "Mo-Th 10:00-17:00 | Fr 10:00-15:00"),
    (SMC, "Monday-Thursday, 8:30-5", "Mo-Th 08:30-17:00"),
    (
        SMC,
        "Monday-Wednesday, 10-6; Thursday, 12-6; Friday, Saturday, 10-5; Sunday, 1-5",
        "Mo-We 10:00-18:00 | Th 12:00-18:00 | Fr,Sa 10:00-17:00 | Su 13:00-17:00",
    ),
    (SMC, "Tuesday-Sunday, 9:30-5", "Tu-Su 09:30-17:00"),
    (
        SMC,
        "Monday-Wednesday, 10-8; Thursday, 1-8; Friday, 10-6; Saturday, 10-5; Sunday, 1-5",
        "Mo-We 10:00-20:00 | Th 13:00-20:00 | Fr 10:00-18:00 | Sa 10:00-17:00 | Su 13:00-17:00",
    ),
    (SMC, "Monday-Friday, 6am-6pm", "Mo-Fr 06:00-18:00"),
    (SMC, "Sunrise to sunset", "UNKNOWN"),
    (SMC, "Monday-Thursday, 9-9; Friday, 9-6", "Mo-Th 09:00-21:00 | Fr 09:00-18:00"),
    (SMC, "24 hours daily for non-medical care", "PARTIAL " + H24),
    (
        SMC,
        "Museum: Wednesday-Saturday, 11-6; Educational Outreach Program: Monday-Thursday and "
        "other days, all by request, in advance",
        "UNKNOWN",
    ),
    (SMC, "Monday-Friday, 7:30 am-9 pm", "Mo-Fr 07:30-21:00"),
    (
        SMC,
        "Friday, 6:30-9:00 pm; Saturday, 9:30 am-12:30 pm. Call to arrange for a free visit",
        "UNKNOWN",
    ),
    (SMC, "Monday-Friday, 7:30-3", "Mo-Fr 07:30-15:00"),
    (SMC, "Monday-Thursday, 10-8:30; Friday, 10-5", "Mo-Th 10:00-20:30 | Fr 10:00-17:00"),
    (
        SMC,
        "Monday-Thursday, 10-9; Friday, 10-6; Saturday, 10-5; Sunday, 1-5",
        "Mo-Th 10:00-21:00 | Fr 10:00-18:00 | Sa 10:00-17:00 | Su 13:00-17:00",
    ),
    (SMC, "Monday, 8:30-4:30; Tuesday-Thursday, 8:30-3", "Mo 08:30-16:30 | Tu-Th 08:30-15:00"),
    (
        SMC,
        "Visitacion Valley One Stop Center - Monday-Friday, 9-5; Infant Prog. - Monday-Friday, "
        "7:30-5:30",
        "UNKNOWN",
    ),
    (SMC, "Monday, 5-7 pm", "Mo 17:00-19:00"),
    (SMC, "Monday-Thursday, 9:30-4", "Mo-Th 09:30-16:00"),
    (SMC, "10 hours daily", "UNKNOWN"),
    (SMC, "Monday-Saturday, 9:30-5; Sunday, 11-5.", "Mo-Sa 09:30-17:00 | Su 11:00-17:00"),
    (SMC, "Monday-Thursday, 8-7; Friday, 8-4:30", "Mo-Th 08:00-19:00 | Fr 08:00-16:30"),
    (SMC, "Monday-Friday, 7-6", "Mo-Fr 07:00-18:00"),
    (SMC, "Monday-Friday, 9-5:30", "Mo-Fr 09:00-17:30"),
    (
        SMC,
        "Monday, Thursday, 9-8:30; Tuesday, Wednesday, Friday, 9-5",
        "Mo,Th 09:00-20:30 | Tu,We,Fr 09:00-17:00",
    ),
    (SMC, "Up to 24 hours per day", "UNKNOWN"),
    (SMC, "Tuesday, Thursday, 10-3; Sunday, 10-noon", "Tu,Th 10:00-15:00 | Su 10:00-12:00"),
    (SMC, "Daily, 7:30 am-12 midnight", "Mo-Su 07:30-24:00"),
    (SMC, "13 hours daily, 5 pm-6 am", "UNKNOWN"),
    (
        SMC,
        "Monday-Thursday, 9-12, 1-4 (Closed federal holidays)",
        "Mo-Th 09:00-12:00,13:00-16:00 +PH",
    ),
    (SMC, "Monday-Friday, 9-5; Saturday by appointment", "Mo-Fr 09:00-17:00 +APPT"),
    (SMC, "By arrangement", "APPT"),
    (SMC, "Monday-Friday, 6 pm-10 pm", "Mo-Fr 18:00-22:00"),
    (SMC, "Tuesday, 7-9:30 pm", "Tu 19:00-21:30"),
    (SMC, "Monday-Friday, 8-12 pm, 1-5", "Mo-Fr 08:00-12:00,13:00-17:00"),
    (SMC, "First Monday of the month, 1:30-4", "Mo 13:30-16:00 #1"),
    (SMC, "Monday-Friday, 6:30-6", "Mo-Fr 06:30-18:00"),
    (
        ILAO,
        "Sunday: Closed Monday: 9:00-17:00  Tuesday: 9:00-17:00  Wednesday: 9:00-17:00  "
        "Thursday: 9:00-17:00  Friday: 9:00-17:00  Saturday: Closed",
        "Mo-Fr 09:00-17:00",
    ),
    (
        ILAO,
        "Sunday: Closed Monday: 8:30-12:00 , 13:00-17:00  Tuesday: 8:30-12:00 , 13:00-17:00  "
        "Wednesday: 8:30-12:00 , 13:00-17:00  Thursday: 8:30-12:00 , 13:00-17:00  Friday: "
        "8:30-12:00 , 13:00-17:00  Saturday: Closed",
        "Mo-Fr 08:30-12:00,13:00-17:00",
    ),
    (FM, "May 2 - September 12 Thursday 4:00 PM to 8:00 PM", "Th 16:00-20:00 @05-02..09-12"),
    (FM, "January - December Saturday 9:00 AM to 1:00 PM", "Sa 09:00-13:00 @01-01..12-31"),
]
