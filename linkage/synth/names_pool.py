"""Name pools by ethnic group and era; each tuple runs from most to least common (Zipf-weighted)."""

from __future__ import annotations

# fmt: off

# --- Javanese -------------------------------------------------------------------------------
# Mononyms of people born before ~1960 (village Javanese; old spelling applied separately).
JAVANESE_OLD_MALE = (
    "Slamet", "Sukarjo", "Paijo", "Wagiman", "Karto", "Sarmin", "Kasimin", "Tukiman", "Paimin",
    "Sumadi", "Mardi", "Tugiman", "Kasno", "Sarno", "Parjo", "Darmo", "Sastro", "Marto", "Sukiman",
    "Suparman", "Suparno", "Sutrisno", "Sumarno", "Suharto", "Sugiyono", "Sukardi", "Sunarto",
    "Supardi", "Sudarmo", "Sumarjo", "Kromo", "Wiryo", "Rejo", "Karso", "Suwito", "Jumadi",
    "Ngadimin", "Ngatimin", "Ngadiman", "Painan", "Kasiran", "Legiman", "Mulyono", "Warsito",
    "Dulah", "Sarijo", "Tarmuji", "Wagino", "Samijo", "Kasdi", "Mujiono", "Sakiman", "Tarmin",
    "Darsono", "Giyono", "Jemiran", "Karyo", "Kusnan", "Ngatman", "Partono", "Poniman", "Rakimin",
    "Samidi", "Satimin", "Sodikin", "Subandi", "Sukirno", "Sumardi", "Sumijan", "Suratno", "Suyono",
    "Tahir", "Tukijo", "Wagimin", "Waluyo", "Warno", "Yatiman", "Ponijan", "Kamidi", "Marjuki",
    "Parto", "Pawiro", "Sadimin", "Sarimin", "Sanusi", "Senen", "Supeno", "Tasripan", "Wakidi",
    "Wartono", "Wongso", "Dirjo", "Kartijo", "Paidi", "Ratimin", "Sakimin",
)
JAVANESE_OLD_FEMALE = (
    "Painem", "Tukinem", "Wagini", "Kasmi", "Sarmini", "Tumini", "Paini", "Ngatini", "Sumiati",
    "Suminah", "Parinem", "Ginem", "Sainem", "Rubiyah", "Marsinah", "Satinah", "Poniyem", "Sukinem",
    "Sumirah", "Kastini", "Wartini", "Juminten", "Karsinah", "Mujiyem", "Partini", "Ngadinem",
    "Jumiyem", "Samini", "Tuginem", "Sutinah", "Legiyem", "Wakinah", "Tasmi", "Sarinah", "Tumirah",
    "Kasiyem", "Ngatiyem", "Suparmi", "Sukarni", "Wasini", "Sumini", "Ponirah", "Saminah",
    "Wasiyem", "Kamisah", "Karminah", "Marsih", "Mursini", "Parmi", "Rukini", "Sadiyem", "Semi",
    "Sipon", "Sumarsih", "Surip", "Tarmi", "Tukiyem", "Wagiyem", "Warsinah", "Yatmi", "Jumirah",
    "Kartini", "Lasmini", "Misni", "Ngadiyem", "Painah", "Rasinah", "Saliyem", "Sarmi", "Siyem",
    "Sukiyah", "Tasminah", "Tuminem", "Waginah",
)
# -o / -i gendered pairs (husband/wife, twins): Suharto / Suharti.
JAVANESE_PAIRED_STEMS = (
    "Suhart", "Sumarn", "Yant", "Suwarn", "Sutarn", "Supriyant", "Sugiyant", "Sunart", "Sumart",
    "Hariyant", "Mulyant", "Suyant", "Wiyant", "Riyant", "Sulist", "Purwant", "Suryant", "Sukart",
    "Darmant", "Hartant", "Budiyant", "Sukirn", "Sapar", "Paim", "Sugiart", "Wart", "Kusn", "Jumar",
    "Pariy", "Tumin",
)
JAVANESE_SU_MALE = (
    "Sutrisno", "Suparman", "Sugianto", "Supriyanto", "Suyanto", "Sumarno", "Suwarno", "Sutarno",
    "Sukirman", "Sunardi", "Subagyo", "Sudarsono", "Sugiyanto", "Suhardi", "Sukamto", "Supriyadi",
    "Sugito", "Suroto", "Suratno", "Sunarko", "Sumadi", "Suprapto", "Sujono", "Sukirno", "Sukarman",
    "Suripto", "Sulistyo", "Sumaryono", "Supardi", "Suwandi", "Suyitno", "Sudarmaji", "Sugeng",
    "Sunaryo", "Suharno", "Sukardi", "Suwardi", "Subandi", "Sutarjo",
)
JAVANESE_SU_FEMALE = (
    "Sumarni", "Suharti", "Sulastri", "Suwarni", "Sutarmi", "Sumiyati", "Suprapti", "Sukarti",
    "Sunarti", "Suyati", "Sumiati", "Suparmi", "Sukarni", "Suminah", "Sulistyowati", "Suryani",
    "Suprihatin", "Sutini", "Sumarsih", "Supiyah", "Suwarti", "Sujiati", "Sukesi", "Sumiyem",
)
JAVANESE_FIRST_MALE = (
    "Agus", "Budi", "Eko", "Joko", "Bambang", "Slamet", "Heru", "Hadi", "Tri", "Dwi", "Edi", "Arif",
    "Wahyu", "Yudi", "Sugeng", "Teguh", "Rahmat", "Puji", "Bagus", "Dedi", "Hari", "Andi", "Rudi",
    "Iwan", "Totok", "Tono", "Widodo", "Priyo", "Yoyok", "Wawan", "Anton", "Gatot", "Darmawan",
    "Nur", "Imam", "Kukuh", "Catur", "Adi", "Bowo", "Danang", "Didik", "Endro", "Gunawan", "Haryo",
    "Jarwo", "Lilik", "Nanang", "Purwanto", "Sigit",
)
JAVANESE_LAST_MALE = (
    "Santoso", "Susilo", "Prasetyo", "Purnomo", "Wibowo", "Setiawan", "Hartono", "Saputro",
    "Nugroho", "Wahyudi", "Kurniawan", "Pranoto", "Gunawan", "Sutrisno", "Riyanto", "Haryanto",
    "Prabowo", "Widodo", "Raharjo", "Suryadi", "Hidayat", "Suprapto", "Utomo", "Handoko",
    "Sulistyo", "Mulyono", "Sugiarto", "Setiyono", "Purwanto", "Wicaksono", "Yulianto", "Rahardjo",
    "Budiman", "Santosa", "Triyono", "Hermanto", "Priyanto", "Wiyono", "Subekti",
)
JAVANESE_FIRST_FEMALE = (
    "Sri", "Tri", "Dwi", "Endang", "Puji", "Eni", "Yuli", "Nur", "Rini", "Tutik", "Wiwik", "Endah",
    "Yanti", "Lilik", "Eko", "Ning", "Umi", "Ana", "Dyah", "Retno", "Rina", "Tatik", "Sumi", "Erna",
    "Heni", "Ike", "Nanik", "Ninik", "Susi", "Titik", "Wati", "Yuni", "Dewi",
)
JAVANESE_LAST_FEMALE = (
    "Wahyuni", "Rahayu", "Lestari", "Handayani", "Astuti", "Susilowati", "Mulyani", "Hartini",
    "Sumarni", "Wulandari", "Rahmawati", "Purwanti", "Suryani", "Setyowati", "Ningsih",
    "Kusumawati", "Utami", "Maryati", "Sulistyowati", "Widayati", "Haryati", "Suprihatin",
    "Wijayanti", "Kurniasih", "Yuliani", "Rahayuningsih", "Winarti", "Sartini", "Mujiati",
    "Puspitasari", "Indriyani", "Sulastri", "Nurhayati", "Kartika", "Setiawati", "Fatmawati",
)

# --- Arabic-Islamic (across Muslim groups) --------------------------------------------------
MUHAMMAD_FORMS = (
    "Muhammad", "Muhamad", "Mohammad", "Mohamad", "Mochammad", "Mochamad", "Moch.", "Moh.", "Muh.",
    "Mhd.", "M.",
)
# Registered spellings of the Muhammad family, by share on documents.
MUHAMMAD_REGISTERED = (
    "Muhammad", "Muhamad", "M.", "Mohammad", "Moh.", "Moch.", "Mochamad",
)
ISLAMIC_MALE = (
    "Ahmad", "Yusuf", "Ali", "Ridwan", "Iqbal", "Hasan", "Husein", "Rozikin", "Syaiful", "Zainal",
    "Fauzi", "Anwar", "Amin", "Arifin", "Sholeh", "Ikhsan", "Ilyas", "Ismail", "Ibrahim", "Idris",
    "Hamzah", "Mustofa", "Nasrullah", "Hidayatullah", "Khoirul", "Syafii", "Jamaluddin", "Nurdin",
    "Zulkifli", "Rohman", "Abdullah", "Sulaiman", "Hasyim", "Maksum", "Mahmud", "Kholil", "Ma'ruf",
    "Mu'in", "Syamsul", "Khairul", "Romli", "Salim", "Usman", "Yahya", "Zakaria", "Bahrudin",
    "Badrun", "Fathurrohman", "Habibi", "Harun", "Jafar", "Lukman", "Mansur", "Nawawi", "Rofiq",
    "Saiful", "Tohir", "Yasin", "Zaenal", "Chairul",
)
ISLAMIC_SECOND_MALE = (
    "Fauzi", "Yani", "Syarif", "Dahlan", "Mubarok", "Sobari", "Basri", "Hidayat", "Rifai", "Hasan",
    "Hakim", "Efendi", "Anshori", "Rosyid", "Mukhlis", "Zuhri", "Rizal", "Faisal", "Firdaus",
    "Nasir", "Kurniawan", "Saputra", "Ramadhan", "Maulana", "Hasanudin", "Ikhwan",
)
ABDUL_SECOND = (
    "Rahman", "Aziz", "Karim", "Malik", "Wahab", "Rohim", "Kadir", "Manan", "Halim", "Ghofur",
    "Majid", "Latif", "Hamid", "Rasyid", "Muin", "Somad", "Jalil", "Basit",
)
SITI_SECOND = (
    "Aminah", "Fatimah", "Khodijah", "Aisyah", "Zubaidah", "Maryam", "Nurhaliza", "Rohmah",
    "Zulaikha", "Masitoh", "Mariyam", "Komariah", "Halimah", "Sarah", "Hajar", "Salamah",
    "Muslimah", "Rukoyah", "Maemunah", "Zainab", "Hafsah", "Julaeha", "Nurjanah", "Rahmawati",
    "Nurhasanah", "Romlah", "Badriyah", "Chotimah", "Fatonah", "Jamilah", "Khotijah", "Mutmainah",
    "Ni'mah", "Qomariyah", "Rohimah", "Sholihah", "Umayah", "Zaenab",
)
NUR_SECOND = (
    "Hayati", "Aini", "Laila", "Hasanah", "Jannah", "Azizah", "Khasanah", "Fadilah", "Halimah",
    "Kholifah", "Aisyah", "Afifah", "Syamsiah",
)
ISLAMIC_FEMALE = (
    "Fatimah", "Aisyah", "Khadijah", "Zainab", "Maryam", "Aminah", "Halimah", "Rohmah", "Nurjanah",
    "Nurhayati", "Muslimah", "Rukayah", "Salamah", "Sofiah", "Zulaikha", "Hasanah", "Juwairiyah",
    "Maimunah", "Masruroh", "Musyarofah", "Nafisah", "Robiah", "Sa'adah",
)

# --- modern names (born ~1990 onwards, all groups) -------------------------------------------
MODERN_FIRST_MALE = (
    "Rizki", "Dimas", "Aditya", "Fajar", "Bayu", "Andi", "Dani", "Rian", "Yoga", "Ilham", "Arif",
    "Fikri", "Rafi", "Alif", "Farhan", "Naufal", "Reza", "Aldi", "Dafa", "Galih", "Hendra", "Iqbal",
    "Rangga", "Satria", "Wahyu", "Bagus", "Adit", "Fadil", "Haikal", "Raka", "Zidan", "Arya",
    "Kevin", "Angga", "Robi", "Deni", "Doni", "Ferdi", "Rizky", "Gilang", "Rendi", "Ricky", "Tegar",
    "Yusuf", "Akbar", "Alfian", "Bima", "Dwiki", "Egi", "Fahri",
)
MODERN_LAST_MALE = (
    "Pratama", "Saputra", "Ramadhan", "Kurniawan", "Setiawan", "Nugraha", "Firmansyah", "Hidayat",
    "Maulana", "Prasetyo", "Wijaya", "Febrian", "Aditya", "Putra", "Akbar", "Alfarizi",
    "Ardiansyah", "Syahputra", "Fauzan", "Rizky", "Permana", "Santoso", "Kusuma", "Nugroho",
    "Hakim", "Irawan", "Julianto", "Pangestu", "Ramadani", "Wibisono",
)
MODERN_FIRST_FEMALE = (
    "Putri", "Dewi", "Nabila", "Aulia", "Rahma", "Nur", "Siti", "Ayu", "Dinda", "Indah", "Intan",
    "Nisa", "Salsabila", "Anisa", "Fitri", "Rina", "Wulan", "Citra", "Dwi", "Tiara", "Zahra",
    "Aisyah", "Alya", "Kirana", "Nadia", "Amelia", "Anggun", "Dian", "Eka", "Lia", "Mega", "Novita",
    "Ratna", "Riska", "Sinta", "Tika", "Vina", "Yuni", "Desi", "Elsa", "Fadila", "Hana", "Isna",
    "Laras", "Meli", "Nanda", "Puspa", "Rara", "Sekar", "Winda",
)
MODERN_LAST_FEMALE = (
    "Lestari", "Rahmawati", "Sari", "Anggraini", "Pratiwi", "Safitri", "Wulandari", "Amelia",
    "Ramadhani", "Puspita", "Maharani", "Azzahra", "Aprilia", "Oktaviani", "Permatasari",
    "Kurniasari", "Fitriani", "Handayani", "Novitasari", "Agustina", "Febriyanti", "Nuraini",
    "Khoirunnisa", "Ayuningtyas", "Cahyani", "Damayanti", "Kartika", "Melati", "Septiani", "Utami",
    "Yuliana", "Zahira",
)

# --- Sundanese ------------------------------------------------------------------------------
SUNDANESE_FIRST_MALE = (
    "Asep", "Ujang", "Dede", "Cecep", "Dadang", "Yayan", "Aan", "Usep", "Jajang", "Ade", "Deden",
    "Enjang", "Engkos", "Iwan", "Nanang", "Didin", "Acep", "Dodi", "Endang", "Ohim", "Oman", "Odih",
    "Udin", "Ucup", "Tatang", "Wawan", "Yana", "Ayi", "Dudung", "Entis", "Apep", "Cucu", "Dayat",
    "Engkus", "Iyus", "Komar", "Maman", "Nandang", "Rohman", "Wahyu",
)
SUNDANESE_LAST_MALE = (
    "Saepudin", "Supriatna", "Hidayat", "Permana", "Kurniawan", "Suryana", "Sopian", "Mulyana",
    "Setiawan", "Gunawan", "Rahmat", "Suherman", "Sukmana", "Ruhiyat", "Sunarya", "Rohendi",
    "Hermawan", "Sobandi", "Nurjaman", "Kusnadi", "Kosasih", "Saepulloh", "Juhana", "Maulana",
    "Somantri", "Sutisna", "Wijaya", "Sumpena", "Kartiwa", "Priatna",
)
SUNDANESE_FIRST_FEMALE = (
    "Euis", "Enok", "Neneng", "Iis", "Entin", "Eneng", "Lilis", "Cucu", "Kokom", "Imas", "Yeti",
    "Nining", "Tati", "Enung", "Ai", "Eti", "Nenden", "Rina", "Popon", "Onah", "Icih", "Ijah",
    "Ecin", "Enah", "Oom", "Cicih", "Dedeh", "Elis", "Ela", "Yoyoh", "Titin", "Ooh",
)
SUNDANESE_LAST_FEMALE = (
    "Komariah", "Rohaeti", "Hasanah", "Nurhayati", "Sumiati", "Kurniasih", "Rosita", "Maryati",
    "Nurjanah", "Sopiah", "Hayati", "Rohmah", "Sulastri", "Rosmiati", "Yulianti", "Kartini",
    "Rahayu", "Suryani", "Julaeha", "Sukaesih", "Aminah", "Cahyati", "Hernawati", "Kusmiati",
    "Mulyati", "Rohayati", "Sariah", "Wartini",
)

# --- Lampung (and related Malay groups) ----------------------------------------------------
LAMPUNG_MALE = (
    "Rusli", "Herwan", "Syahrial", "Efendi", "Zulkarnain", "Marzuki", "Arpan", "Darwis", "Azwar",
    "Baharudin", "Burhanudin", "Abdullah", "Ansori", "Edwar", "Fahrurrozi", "Hermansyah", "Ismail",
    "Junaidi", "Kamaludin", "Mukhtar", "Nasrun", "Rasyid", "Rozali", "Saipul", "Sahroni", "Thamrin",
    "Usman", "Yusran", "Zulkifli", "Aprizal", "Firdaus", "Hendri", "Irwan", "Mahmud", "Nazarudin",
    "Ridwan", "Syamsul", "Wahidin", "Yusuf", "Herman", "Haidir", "Idrus", "Khairul", "Armin",
    "Asnawi", "Bahrul", "Darmawan", "Hasan", "Zainal", "Alimudin", "Bustami", "Dahlan", "Fikri",
    "Hamdani", "Jauhari", "Marwan", "Rahmad", "Sofyan", "Taufik", "Zulfikar",
)
LAMPUNG_SECOND_MALE = (
    "Abidin", "Basri", "Efendi", "Hasan", "Arifin", "Syah", "Yusuf", "Rahman", "Hamid", "Anwar",
    "Saleh", "Daud", "Ibrahim", "Idris", "Rasyid", "Zakaria", "Ismail", "Husin",
)
LAMPUNG_FEMALE = (
    "Rosmawati", "Nurhasanah", "Yusnani", "Hermawati", "Erlina", "Zuraida", "Marlina", "Yulianti",
    "Rohaya", "Masnah", "Rosdiana", "Asnah", "Darmawati", "Elvi", "Fauziah", "Herlina", "Hasnah",
    "Juwita", "Kasmawati", "Lismawati", "Mardiana", "Nuraini", "Nurbaiti", "Rohana", "Rosidah",
    "Salmah", "Syamsiah", "Yusmaniar", "Zubaidah", "Aisyah", "Masitoh", "Nilawati", "Rasyidah",
    "Yuniar", "Elisa", "Rahmawati", "Ernawati", "Fitriyani", "Helmawati", "Idawati", "Jumiati",
    "Komalasari", "Leni", "Maimunah", "Nurlela", "Rosnah",
)
# Adat titles (adok) of Lampung men; written after the name with "gelar".
LAMPUNG_GELAR = (
    "Sutan Raja Muda", "Radin Jaya", "Minak Sangun", "Batin Kesuma", "Pangeran Ratu",
    "Sutan Resmi Marga", "Raja Sesunan", "Dalom Putera", "Kimas Raja", "Minak Ratu", "Radin Intan",
    "Tuan Rajo", "Sutan Mangkubumi", "Raja Niti", "Batin Pengiran", "Minak Jaya", "Raja Di Lampung",
    "Sutan Pengiran", "Radin Mas", "Kimas Jaya",
)

# --- Balinese -------------------------------------------------------------------------------
# Birth-order names: 1st, 2nd, 3rd, 4th child (then the cycle repeats).
BALINESE_ORDER = (
    ("Wayan", "Putu", "Gede"), ("Made", "Kadek", "Nengah"), ("Nyoman", "Komang"), ("Ketut",),
)
BALINESE_ORDER_FEMALE_FIRST = (
    "Luh", "Putu", "Wayan",
)
BALINESE_MALE = (
    "Sudarsa", "Sukerta", "Artawan", "Budiasa", "Suarjana", "Mertayasa", "Sudana", "Suarta",
    "Wirawan", "Adnyana", "Darmawan", "Sukadana", "Suparta", "Arsana", "Kariasa", "Sutama",
    "Widiarta", "Astawa", "Sumerta", "Parwata", "Suweca", "Sudiarta", "Mudana", "Ariawan", "Sujana",
    "Putra", "Suardana", "Wiadnyana", "Yasa", "Sukarta", "Rai", "Sugiarta",
)
BALINESE_FEMALE = (
    "Suartini", "Ariani", "Sriasih", "Sukarmini", "Wartini", "Suryani", "Sumiati", "Astiti",
    "Wahyuni", "Sukerti", "Suarni", "Kartini", "Sudiani", "Rusmini", "Darmi", "Sudarmi", "Widiasih",
    "Mariani", "Suciati", "Sriani", "Suarsini", "Artini", "Sukarini", "Puspawati", "Wiratni",
    "Diantari", "Murniasih", "Sudiasih", "Rai", "Sukasih",
)
BALINESE_CASTE_MALE = (
    "Gusti", "Ida Bagus", "Anak Agung", "Dewa",
)
BALINESE_CASTE_FEMALE = (
    "Gusti Ayu", "Ida Ayu", "Anak Agung Istri", "Desak",
)

# --- Batak ----------------------------------------------------------------------------------
BATAK_MALE = (
    "Mangasi", "Parulian", "Binsar", "Tigor", "Hotman", "Sahat", "Marolop", "Togar", "Poltak",
    "Jhonson", "Robert", "Rudi", "Bonar", "Halomoan", "Torang", "Martua", "Manahan", "Ronal",
    "Jansen", "Hendra", "Daniel", "Samuel", "Andreas", "Bernard", "Riduan", "Lamhot", "Pangihutan",
    "Sabar", "Benny", "Darwin", "Edison", "Freddy", "Gomgom", "Hisar", "Janter",
)
BATAK_FEMALE = (
    "Maria", "Rosmina", "Tiurma", "Lamria", "Rotua", "Romauli", "Rosdiana", "Nurmala", "Masniari",
    "Hotmaida", "Sarma", "Tiurlan", "Lisbet", "Dameria", "Ruminta", "Erni", "Juli", "Nelly",
    "Rosita", "Sondang", "Tumiar", "Duma", "Mian", "Saur", "Linda", "Friska", "Melati", "Erlina",
    "Riama", "Netty", "Renta", "Tetty",
)
BATAK_MARGA = (
    "Siregar", "Nasution", "Simanjuntak", "Sitompul", "Harahap", "Lubis", "Hutapea", "Simatupang",
    "Sihombing", "Situmorang", "Pardede", "Tampubolon", "Manurung", "Panjaitan", "Sinaga",
    "Silalahi", "Hasibuan", "Pasaribu", "Sitorus", "Butarbutar", "Ginting", "Sembiring", "Tarigan",
    "Purba", "Saragih", "Damanik", "Napitupulu", "Hutagalung", "Simbolon", "Samosir", "Sianturi",
    "Batubara", "Daulay", "Pulungan", "Rangkuti", "Sirait",
)
# Mandailing and southern marga: mostly Muslim families with Arabic given names.
BATAK_MUSLIM_MARGA = frozenset({
    "Batubara", "Daulay", "Harahap", "Hasibuan", "Lubis", "Nasution", "Pulungan", "Rangkuti",
    "Siregar",
})
# How the women's marker is written on a registered name, with shares.
BORU_FORMS = (
    "Br", "Br.", "Boru", "",
)
BORU_WEIGHTS = (0.6, 0.2, 0.1, 0.1)

# --- Chinese-Indonesian ---------------------------------------------------------------------
# Hokkien surname -> Indonesian-sounding surnames adopted after 1966.
CHINESE_SURNAMES = {
    "Tan": ("Tanuwijaya", "Tanoto", "Tanudjaja", "Tanzil"), "Lie": ("Halim", "Salim", "Lianto"),
    "Liem": ("Halim", "Salim", "Limanto"), "Oei": ("Wijaya", "Widjaja", "Utomo"),
    "Go": ("Gunawan", "Gozali"), "Kwee": ("Kusuma", "Kurniawan"), "Ong": ("Onggo", "Ongkowijoyo"),
    "The": ("Tedja", "Tedjakusuma"), "Njoo": ("Yohanes", "Nyotosetiadi"),
    "Lim": ("Halim", "Limantara"), "Tjia": ("Tjahjadi", "Cahyadi"), "Ang": ("Anggono", "Anggara"),
    "Tjoa": ("Tjokro", "Cokro"), "Lauw": ("Lukito", "Lawrence"), "Khoe": ("Kusnadi", "Kurnia"),
}
CHINESE_SURNAME_ORDER = (
    "Tan", "Lie", "Liem", "Oei", "Go", "Lim", "Kwee", "Ong", "The", "Tjia", "Ang", "Njoo", "Tjoa",
    "Lauw", "Khoe",
)
CHINESE_SYLLABLES_MALE = (
    "Kim", "Tjoe", "Liang", "Swie", "King", "Hong", "Bing", "Hok", "Seng", "Tjeng", "Kiat", "Djien",
    "Bun", "Tek", "Kian", "Gwan", "Eng", "Hian", "Sian", "Tiong", "Yong", "Ho",
)
CHINESE_SYLLABLES_FEMALE = (
    "Siok", "Lan", "Mei", "Ling", "Giok", "Nio", "Hoa", "Kiem", "Lian", "Hwa", "Tjoen", "Ing",
    "Swan", "Nie", "Hiang", "Lien", "Bwee", "Tjin",
)
CHINESE_INDO_MALE = (
    "Hendra", "Budi", "Willy", "Sugianto", "Handoko", "Hartono", "Suwandi", "Eddy", "Jimmy",
    "Johan", "Rudy", "Ricky", "Sutanto", "Gunawan", "Iwan", "Tony", "Yohanes", "Andreas", "Felix",
    "Kevin", "Steven", "Hendri", "Tjandra", "Benny", "Herman", "Irwan", "Susanto",
)
CHINESE_INDO_FEMALE = (
    "Sulanti", "Lily", "Linda", "Yenny", "Mery", "Susanti", "Lanny", "Melinda", "Yuliana", "Sherly",
    "Fransiska", "Lenny", "Herlina", "Christine", "Meilani", "Wati", "Ratna", "Lisa", "Vivi",
    "Elisabeth", "Sulastri", "Megawati", "Hartati", "Yanti",
)

# --- titles ---------------------------------------------------------------------------------
DEGREES = (
    "S.Pd.", "S.Pd.I", "S.E.", "S.H.", "S.Ag.", "S.Sos.", "A.Md.", "S.Kom.", "S.T.", "S.IP.",
)
# Twin name pairs: same-sex male, same-sex female, opposite sex (male first).
TWIN_MALE = (
    ("Hasan", "Husein"), ("Hasan", "Husain"), ("Fajar", "Fajri"), ("Ikhsan", "Ihsan"),
    ("Rama", "Rami"), ("Dimas", "Damar"), ("Arif", "Arifin"), ("Yoga", "Yogi"),
)
TWIN_FEMALE = (
    ("Nur Aini", "Nur Aina"), ("Dewi", "Desi"), ("Rina", "Rini"), ("Nia", "Nisa"),
    ("Fitri", "Fitria"), ("Ratih", "Ratna"), ("Anis", "Anisa"), ("Sinta", "Santi"),
)
TWIN_OPPOSITE = (
    ("Rizki", "Rizka"), ("Putra", "Putri"), ("Wahyu", "Wahyuni"), ("Dian", "Diana"),
    ("Andi", "Andini"), ("Rahmat", "Rahmah"), ("Yanto", "Yanti"), ("Dwi", "Dwi"),
    ("Fajar", "Fajria"), ("Adi", "Ade"),
)
# Family tokens twins share, as (male form, female form).
TWIN_SHARED = (
    ("Ramadhan", "Ramadhani"), ("Basri", "Basri"), ("Saputra", "Saputri"), ("Pratama", "Pratiwi"),
    ("Kurniawan", "Kurniawati"), ("Setiawan", "Setiawati"), ("Nugroho", "Nugraheni"),
    ("Wijaya", "Wijayanti"),
)
# fmt: on
