#include "modules/monitor/gazetteer_names.hpp"

#include <array>

namespace chancery::monitor::gazetteer {
namespace {

// Every UN member state and TW, HK, MO, PS, XK: the capital in English, in Vietnamese where the press has its own
// form, and locally. Left out because they name other places too: Victoria (SC; also in Canada, Australia, HK),
// Kingston (JM; Ontario, Norfolk Island), Georgetown (GY; Penang, Washington), San José (CR; California), St. John's
// (AG; Newfoundland), St. George's (GD; Bermuda), Santiago alone (CL; Santiago de Cuba, de Compostela), Tripoli (LY;
// Lebanon), Nassau (BS; New York, Germany), Panama City (PA; Florida), Sofia (BG) and Roma (IT; given names, the
// Roma people), Sucre (BO; French for sugar), Praia (CV; Portuguese for beach), Quito's Vietnamese "Ki-tô" (Christ),
// "A-ten" (Athens; English "a ten"), the Arabic and Persian names of Kabul (also "cable") and Amman (also Oman).
// Jerusalem is left out as claimed by two; Israel has Tel Aviv, where the embassies are, and Palestine Ramallah
// and East Jerusalem. HK and MO are cities; Singapore, Kuwait, Djibouti, Monaco, San Marino, Luxembourg and the
// Vatican share their country's name.
constexpr std::array kCapitals{
    CountryNames{"AD", "Andorra la Vella"},
    CountryNames{"AE", "Abu Dhabi|A-bu Đa-bi|أبوظبي|أبو ظبي"},
    CountryNames{"AF", "Kabul|Ca-bun"},
    CountryNames{"AL", "Tirana|Ti-ra-na|Tiranë"},
    CountryNames{"AM", "Yerevan|Y-ê-rê-van|Երևան"},
    CountryNames{"AO", "Luanda|Lu-an-đa"},
    CountryNames{"AR", "Buenos Aires|Bu-ê-nốt Ai-rét"},
    CountryNames{"AT", "Vienna|Viên|Wien"},
    CountryNames{"AU", "Canberra|Can-bê-ra"},
    CountryNames{"AZ", "Baku|Ba-cu|Bakı"},
    CountryNames{"BA", "Sarajevo|Xa-ra-ê-vô|Сарајево"},
    CountryNames{"BB", "Bridgetown"},
    CountryNames{"BD", "Dhaka|Đắc-ca|ঢাকা"},
    CountryNames{"BE", "Brussels|Brúc-xen|Bruxelles|Brussel"},
    CountryNames{"BF", "Ouagadougou"},
    CountryNames{"BG", "Xô-phi-a"},
    CountryNames{"BH", "Manama|Ma-na-ma|المنامة"},
    CountryNames{"BI", "Gitega|Bujumbura"},
    CountryNames{"BJ", "Porto-Novo|Cotonou"},
    CountryNames{"BN", "Bandar Seri Begawan|Ban-đa Xê-ri Bê-ga-oan"},
    CountryNames{"BO", "La Paz"},
    CountryNames{"BR", "Brasília|Bra-xi-li-a"},
    CountryNames{"BT", "Thimphu|Thim-phu"},
    CountryNames{"BW", "Gaborone"},
    CountryNames{"BY", "Minsk|Min-xcơ|Мінск|Минск"},
    CountryNames{"BZ", "Belmopan"},
    CountryNames{"CA", "Ottawa|Ốt-ta-oa"},
    CountryNames{"CD", "Kinshasa|Kin-sa-sa"},
    CountryNames{"CF", "Bangui"},
    CountryNames{"CG", "Brazzaville"},
    CountryNames{"CH", "Bern|Berne|Béc-nơ"},
    CountryNames{"CI", "Yamoussoukro|Abidjan"},
    CountryNames{"CL", "Santiago de Chile"},
    CountryNames{"CM", "Yaoundé|Y-a-un-đê"},
    CountryNames{"CN", "Beijing|Bắc Kinh|北京"},
    CountryNames{"CO", "Bogotá|Bô-gô-ta"},
    CountryNames{"CU", "Havana|La Habana|La Ha-ba-na"},
    CountryNames{"CY", "Nicosia|Ni-cô-xi-a|Λευκωσία|Lefkoşa"},
    CountryNames{"CZ", "Prague|Praha|Pra-ha"},
    CountryNames{"DE", "Berlin|Béc-lin"},
    CountryNames{"DK", "Copenhagen|Cô-pen-ha-ghen|København"},
    CountryNames{"DM", "Roseau"},
    CountryNames{"DO", "Santo Domingo|Xan-tô Đô-min-gô"},
    CountryNames{"DZ", "Algiers|Alger|An-giê"},
    CountryNames{"EC", "Quito"},
    CountryNames{"EE", "Tallinn|Ta-lin"},
    CountryNames{"EG", "Cairo|Le Caire|Cai-rô|القاهرة"},
    CountryNames{"ER", "Asmara"},
    CountryNames{"ES", "Madrid|Ma-đrít"},
    CountryNames{"ET", "Addis Ababa|A-đi A-bê-ba|አዲስ አበባ"},
    CountryNames{"FI", "Helsinki|Hen-xin-ki"},
    CountryNames{"FJ", "Suva"},
    CountryNames{"FM", "Palikir"},
    CountryNames{"FR", "Paris|Pa-ri"},
    CountryNames{"GA", "Libreville"},
    CountryNames{"GB", "London|Londres|Luân Đôn"},
    CountryNames{"GE", "Tbilisi|Tbi-li-xi|თბილისი"},
    CountryNames{"GH", "Accra|Ác-cra"},
    CountryNames{"GM", "Banjul"},
    CountryNames{"GN", "Conakry|Cô-na-cri"},
    CountryNames{"GQ", "Malabo"},
    CountryNames{"GR", "Athens|Athènes|Atenas|Atene|Athen|Aten|Αθήνα"},
    CountryNames{"GT", "Guatemala City|Ciudad de Guatemala"},
    CountryNames{"GW", "Bissau"},
    CountryNames{"HN", "Tegucigalpa"},
    CountryNames{"HR", "Zagreb|Da-grép"},
    CountryNames{"HT", "Port-au-Prince"},
    CountryNames{"HU", "Budapest|Bu-đa-pét"},
    CountryNames{"ID", "Jakarta|Gia-các-ta"},
    CountryNames{"IE", "Dublin|Đu-blin"},
    CountryNames{"IL", "Tel Aviv|Tel-Aviv|תל אביב"},
    CountryNames{"IN", "New Delhi|Niu Đê-li|नई दिल्ली"},
    CountryNames{"IQ", "Baghdad|Bát-đa|بغداد"},
    CountryNames{"IR", "Tehran|Teheran|Tê-hê-ran|تهران"},
    CountryNames{"IS", "Reykjavík|Rây-ki-a-vích"},
    CountryNames{"IT", "Rome|Rô-ma"},
    CountryNames{"JO", "Amman|Am-man"},
    CountryNames{"JP", "Tokyo|Tokio|Tô-ky-ô|東京"},
    CountryNames{"KE", "Nairobi|Nai-rô-bi"},
    CountryNames{"KG", "Bishkek|Бишкек"},
    CountryNames{"KH", "Phnom Penh|Phnôm Pênh|ភ្នំពេញ"},
    CountryNames{"KI", "Tarawa|South Tarawa"},
    CountryNames{"KM", "Moroni"},
    CountryNames{"KN", "Basseterre"},
    CountryNames{"KP", "Pyongyang|Bình Nhưỡng|평양|平壤"},
    CountryNames{"KR", "Seoul|Xơ-un|서울"},
    CountryNames{"KW", "Kuwait City"},
    CountryNames{"KZ", "Astana|A-xta-na|Астана"},
    CountryNames{"LA", "Vientiane|Viêng Chăn|ວຽງຈັນ"},
    CountryNames{"LB", "Beirut|Beyrouth|Bây-rút|بيروت"},
    CountryNames{"LC", "Castries"},
    CountryNames{"LI", "Vaduz"},
    CountryNames{"LK", "Sri Jayawardenepura Kotte|Colombo|Cô-lôm-bô"},
    CountryNames{"LR", "Monrovia"},
    CountryNames{"LS", "Maseru"},
    CountryNames{"LT", "Vilnius|Vin-ni-út"},
    CountryNames{"LV", "Riga|Rīga|Ri-ga"},
    CountryNames{"MA", "Rabat|Ra-bát|الرباط"},
    CountryNames{"MD", "Chișinău|Chişinău|Chisinau|Ki-si-nhốp|Кишинёв"},
    CountryNames{"ME", "Podgorica|Pốt-gô-ri-xa"},
    CountryNames{"MG", "Antananarivo"},
    CountryNames{"MH", "Majuro"},
    CountryNames{"MK", "Skopje|Xcốp-giê|Скопје"},
    CountryNames{"ML", "Bamako"},
    CountryNames{"MM", "Naypyidaw|Nay Pyi Taw|Nây Pi Tô|နေပြည်တော်"},
    CountryNames{"MN", "Ulaanbaatar|Ulan Bator|U-lan Ba-to|Улаанбаатар"},
    CountryNames{"MR", "Nouakchott"},
    CountryNames{"MT", "Valletta|Va-lét-ta"},
    CountryNames{"MU", "Port Louis"},
    CountryNames{"MV", "Malé|Ma-lê"},
    CountryNames{"MW", "Lilongwe"},
    CountryNames{"MX", "Mexico City|Ciudad de México|Thành phố Mexico"},
    CountryNames{"MY", "Kuala Lumpur|Cu-a-la Lăm-pơ|Putrajaya"},
    CountryNames{"MZ", "Maputo|Ma-pu-tô"},
    CountryNames{"NA", "Windhoek"},
    CountryNames{"NE", "Niamey"},
    CountryNames{"NG", "Abuja|A-bu-gia"},
    CountryNames{"NI", "Managua|Ma-na-goa"},
    CountryNames{"NL", "Amsterdam|Am-xtéc-đam|The Hague|Den Haag|La Hay"},
    CountryNames{"NO", "Oslo|Ô-xlô"},
    CountryNames{"NP", "Kathmandu|Cát-man-đu|काठमाडौं"},
    CountryNames{"NR", "Yaren"},
    CountryNames{"NZ", "Wellington|Oen-linh-tơn"},
    CountryNames{"OM", "Muscat|Ma-xcát|مسقط"},
    CountryNames{"PA", "Ciudad de Panamá"},
    CountryNames{"PE", "Lima|Li-ma"},
    CountryNames{"PG", "Port Moresby"},
    CountryNames{"PH", "Manila|Maynila|Ma-ni-la"},
    CountryNames{"PK", "Islamabad|I-xla-ma-bát|اسلام آباد"},
    CountryNames{"PL", "Warsaw|Warszawa|Varsovie|Varsovia|Warschau|Vác-sa-va"},
    CountryNames{"PS", "Ramallah|رام الله|East Jerusalem|Đông Jerusalem"},
    CountryNames{"PT", "Lisbon|Lisboa|Lisbonne"},
    CountryNames{"PW", "Ngerulmud"},
    CountryNames{"PY", "Asunción|A-xun-xi-ôn"},
    CountryNames{"QA", "Doha|Đô-ha|الدوحة"},
    CountryNames{"RO", "Bucharest|București|Bucarest|Bu-ca-rét"},
    CountryNames{"RS", "Belgrade|Beograd|Bê-ô-grát|Београд"},
    CountryNames{"RU", "Moscow|Moscou|Moskau|Moscú|Mosca|Mát-xcơ-va|Matxcơva|Москва"},
    CountryNames{"RW", "Kigali"},
    CountryNames{"SA", "Riyadh|Ri-át|الرياض"},
    CountryNames{"SB", "Honiara"},
    CountryNames{"SD", "Khartoum|Khác-tum|الخرطوم"},
    CountryNames{"SE", "Stockholm|Xtốc-khôm"},
    CountryNames{"SI", "Ljubljana|Lu-bli-a-na"},
    CountryNames{"SK", "Bratislava|Bra-ti-xla-va"},
    CountryNames{"SL", "Freetown"},
    CountryNames{"SN", "Dakar|Đa-ca"},
    CountryNames{"SO", "Mogadishu|Muqdisho|Mô-ga-đi-su|مقديشو"},
    CountryNames{"SR", "Paramaribo"},
    CountryNames{"SS", "Juba"},
    CountryNames{"ST", "São Tomé"},
    CountryNames{"SV", "San Salvador"},
    CountryNames{"SY", "Damascus|Damas|Đa-mát|دمشق"},
    CountryNames{"SZ", "Mbabane|Lobamba"},
    CountryNames{"TD", "N'Djamena|N’Djamena|Ndjamena"},
    CountryNames{"TG", "Lomé"},
    CountryNames{"TH", "Bangkok|Băng Cốc|กรุงเทพมหานคร|กรุงเทพฯ"},
    CountryNames{"TJ", "Dushanbe|Đu-san-bê|Душанбе"},
    CountryNames{"TL", "Dili|Đi-li"},
    CountryNames{"TM", "Ashgabat|Aşgabat"},
    CountryNames{"TN", "Tunis|Tuy-nít"},
    CountryNames{"TO", "Nuku'alofa|Nukuʻalofa"},
    CountryNames{"TR", "Ankara|An-ca-ra"},
    CountryNames{"TT", "Port of Spain|Port-of-Spain"},
    CountryNames{"TV", "Funafuti"},
    CountryNames{"TW", "Taipei|Đài Bắc|臺北|台北"},
    CountryNames{"TZ", "Dodoma|Dar es Salaam"},
    CountryNames{"UA", "Kyiv|Kiev|Kiew|Ki-ép|Київ|Киев"},
    CountryNames{"UG", "Kampala|Cam-pa-la"},
    CountryNames{"US", "Washington|Oa-sinh-tơn"},
    CountryNames{"UY", "Montevideo|Mông-tê-vi-đê-ô"},
    CountryNames{"UZ", "Tashkent|Toshkent|Ta-sken|Ташкент"},
    CountryNames{"VC", "Kingstown"},
    CountryNames{"VE", "Caracas|Ca-ra-cát"},
    CountryNames{"VN", "Hanoi|Hà Nội"},
    CountryNames{"VU", "Port Vila"},
    CountryNames{"WS", "Apia"},
    CountryNames{"XK", "Pristina|Prishtina|Prishtinë|Приштина"},
    CountryNames{"YE", "Sanaa|Sana'a|Xa-na|صنعاء"},
    CountryNames{"ZA", "Pretoria|Prê-tô-ri-a|Cape Town"},
    CountryNames{"ZM", "Lusaka"},
    CountryNames{"ZW", "Harare|Ha-ra-rê"},
};

// ICU 72 (vi) already has Hoa Kỳ, Vương quốc Anh, Hàn Quốc, Triều Tiên, Nhật Bản, Trung Quốc, Lào, Campuchia,
// Thái Lan, Đài Loan, Đức, Pháp, Nga; it lacks the short forms below and spells AU and IT "Australia", "Italy".
constexpr std::array kPressNames{
    CountryNames{"AE", "UAE"},
    CountryNames{"AU", "Úc|Ô-xtrây-li-a|Ôxtrâylia|호주|豪州"},
    CountryNames{"BN", "Bru-nây"},
    CountryNames{"BR", "Bra-xin"},
    CountryNames{"CA", "Ca-na-đa"},
    CountryNames{"CD", "Democratic Republic of the Congo|DR Congo|DRC|Congo-Kinshasa"},
    CountryNames{"CG", "Republic of the Congo|Congo-Brazzaville"},
    CountryNames{"CN", "People's Republic of China|PRC|Cộng hòa Nhân dân Trung Hoa|Trung Hoa|КНР"},
    CountryNames{"CU", "Cu Ba"},
    CountryNames{"GB", "Anh|UK|U.K.|Britain|Great Britain|England|Scotland|Wales|Northern Ireland|អង់គ្លេស"},
    CountryNames{"GE", "Gruzia"},
    CountryNames{"IE", "Ai-len"},
    CountryNames{"IL", "I-xra-en|Ixraen"},
    CountryNames{"IQ", "I-rắc"},
    CountryNames{"IR", "I-ran"},
    CountryNames{"IT", "Ý|I-ta-li-a"},
    CountryNames{"JP", "Nhật"},
    CountryNames{"KH", "Cam-pu-chia|Kampuchea"},
    CountryNames{"KP", "Democratic People's Republic of Korea|DPRK|Bắc Triều Tiên"},
    CountryNames{"KR", "Republic of Korea|ROK|Nam Triều Tiên|Đại Hàn Dân Quốc|한국|남한"},
    CountryNames{"LA", "Lao PDR|ສປປ ລາວ|ປະເທດລາວ|ສາທາລະນະລັດ ປະຊາທິປະໄຕ ປະຊາຊົນລາວ"},
    CountryNames{"LU", "Lúc-xăm-bua"},
    CountryNames{"MM", "Burma|Miến Điện|Mi-an-ma|พม่า"},
    CountryNames{"MU", "Île Maurice"},
    CountryNames{"MX", "Mê-hi-cô"},
    CountryNames{"MY", "Ma-lai-xi-a"},
    CountryNames{"NZ", "Niu Di-lân"},
    CountryNames{"PH", "Phi-líp-pin"},
    CountryNames{"PS", "State of Palestine|Gaza|Gaza Strip|West Bank|Dải Gaza|Bờ Tây"},
    CountryNames{"RU", "Russian Federation|Liên bang Nga|РФ"},
    CountryNames{"SA", "A-rập Xê-út"},
    CountryNames{"SG", "Xin-ga-po"},
    CountryNames{"SY", "Xy-ri"},
    CountryNames{"TW", "Republic of China|Trung Hoa Dân Quốc"},
    CountryNames{"UA", "U-crai-na"},
    CountryNames{"US", "Mỹ|US|U.S.|USA|U.S.A.|United States of America|EE. UU.|EE.UU.|EEUU|США|米国|អាមេរិក|ອາເມລິກາ"},
    CountryNames{"VA", "Vatican|Holy See|Tòa Thánh"},
    CountryNames{"VN", "Viet Nam"},
    CountryNames{"ZA", "ЮАР"},
};

constexpr std::array kVietnameseShortNames{
    VietnameseShortName{"Anh", true, false, "ta em chị hùng trai rể họ cả ruột ngữ"},
    VietnameseShortName{"Viên", true, true, "chức đạn thuốc ngọc"},
    VietnameseShortName{"Mỹ", false, false, "phẩm thuật nhân viện nữ mãn vị tục học miều lệ nghệ quan cảm ý"},
    VietnameseShortName{"Pháp", false, false, "luật lý nhân chế quyền lệnh y sư môn định trường bảo"},
    VietnameseShortName{"Đức", false, false, "tin tính độ hạnh"},
    VietnameseShortName{"Nga", false, false, ""},
    VietnameseShortName{"Ý", false, false, "kiến tưởng nghĩa thức định chí muốn đồ niệm nguyện thích tứ"},
    VietnameseShortName{"Nhật", false, false, "ký thực báo dụng trình kỳ"},
    VietnameseShortName{"Úc", false, false, ""},
    VietnameseShortName{"Lào", false, false, ""},
    VietnameseShortName{"Áo", false, false, "dài khoác mưa len thun sơ giáp choàng phao ngực gió"},
    VietnameseShortName{"Bỉ", false, false, "ổi"},
    VietnameseShortName{"Séc", false, false, ""},
    VietnameseShortName{"Síp", false, false, ""},
};

}  // namespace

std::span<const CountryNames> Capitals() { return kCapitals; }
std::span<const CountryNames> PressNames() { return kPressNames; }
std::span<const VietnameseShortName> VietnameseShortNames() { return kVietnameseShortNames; }

std::string_view StoppedPhrases() {
  return "Latin America|South America|North America|Central America|New Mexico|New Jersey|Jersey City|"
         "New Guinea|Guinea pig|Guinea pigs|Gulf of Guinea|South China Sea|East China Sea|Washington State|"
         "Washington Post|Paris Hilton|New South Wales|New England|New Britain|Nouveau-Mexique|Nuevo México|Novo "
         "México|"
         "Nuovo Messico|Nueva Guinea|Nova Guiné|Nuova Guinea|"
         "châu Mỹ|Bắc Mỹ|Nam Mỹ|Trung Mỹ|Mỹ Latinh|Mỹ La-tinh|Ấn Độ Dương|"
         "中国地方|朝鲜半岛|朝鮮半島|印度洋|インド洋|南アメリカ|北アメリカ|中央アメリカ|ラテンアメリカ|ニューメキシコ|"
         "新墨西哥|新几内亚|马里兰|马里奥|阿曼达|内蒙古|มหาสมุทรอินเดีย|นิวเม็กซิโก";
}

// Korean 저지 (JE) is also "blocking", 건지 (GG) a verb ending, 피지 (FJ) "sebum", 오만 (OM) "arrogance", 수단 (SD)
// "means"; Chinese 黑山 (ME) names many black mountains; Thai กวม (GU) is "to overlap"; Lao ຊາດ (TD) is "nation";
// Khmer ឆែក (CZ) is "to check". Island (IS in German) and Cocos are English and Spanish words; Guiana is also
// French Guiana; Granada (GD in Spanish) is a Spanish city; the Spanish and Portuguese saints' names (MF, SH, LC,
// BL) are places all over Latin America.
std::string_view DroppedNames() {
  return "ລາວ|Maurice|Granada|Island|Cocos|Guiana|San Martín|São Martinho|Santa Elena|Santa Helena|Santa Lucía|Santa "
         "Lucia|"
         "San Bartolomé|저지|건지|피지|오만|수단|黑山|กวม|ຊາດ|ឆែក";
}

std::string_view CapitalisedNames() {
  return "Turkey|China|Chine|Chad|Jordan|Georgia|Guinea|Chile|Chili|Niger|Mali|Oman|Togo|Jersey|Guernsey|Réunion|"
         "Bermuda|Panama|Japan|Peru|Cuba|Chypre|Grenade|Kamboja|Curaçao|Tonga|Palau|Anguilla|Montserrat|Dominica|"
         "Brazil|Morocco|La Réunion|Reunião|Riunione|Reunión|Irã|Omã|Havana|Lima|Paris|Damas|Roseau|Juba|Colombo|"
         "Moroni|Amman|Washington|Wellington|La Paz|Kabul|Baku|Sanaa|Sana'a|Rabat|Muscat|Manila|Brussels|Bờ Tây";
}

// Portuguese Irã and Omã fold to "ira" (anger in Spanish and Italian) and "oma" (German for grandmother).
std::string_view ExactAccentNames() { return "Malé|Irã|Omã"; }
std::string_view NotBetweenCapitalsNames() { return "US"; }
std::string_view KoreanWholeWordNames() { return "말리"; }

std::string_view KoreanParticles() {
  return "은|는|이|가|을|를|의|에|에서|에게|과|와|로|으로|도|만|까지|부터|과의|와의|에서의|에서는|에는|에도|으로는|"
         "로는|측|이나|나|이라고|라고|이다|에서도|과는|와는|이며|이고";
}

std::string_view VietnameseTitles() {
  return "tổng thống|thủ tướng|ngoại trưởng|bộ trưởng|thứ trưởng|chủ tịch|đại sứ|đặc phái viên|đặc sứ|nữ hoàng|vua|"
         "quốc vương|hoàng tử|công chúa|công nương|phát ngôn|phát ngôn viên|nghị sĩ|quan chức|ngoại giao|quốc phòng|"
         "tư lệnh|đô đốc|tướng|phu nhân|tỷ phú|doanh nhân|cầu thủ|tay vợt|vận động viên|ca sĩ|diễn viên|nhà văn|"
         "nhà báo|chuyên gia|học giả|nhà khoa học|lãnh đạo|thủ lĩnh|giám đốc|thống đốc|cựu|tân";
}

std::string_view VietnameseNotAfter() {
  return "tiếng|ngữ|bầu|ông|bà|anh|chị|em|cô|chú|bác|cụ|cháu|thầy|bé|cậu|con|vợ|chồng|nàng|chàng|mẹ|bố|cha|dì|thím|mợ|"
         "dượng|ngài";
}

std::string_view VietnameseNotBefore() { return "này|ấy|đó|kia|nọ"; }

}  // namespace chancery::monitor::gazetteer
