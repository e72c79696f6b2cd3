"""Country names as facts and datasets write them."""
import pytest

from mapgen.countries import CountryResolver, UnknownCountry


@pytest.fixture(scope="module")
def resolver():
    return CountryResolver.from_file()


@pytest.mark.parametrize("text, iso3", [
    ("Ivory Coast", "CIV"), ("Côte d'Ivoire", "CIV"), ("Cote d\u2019Ivoire", "CIV"),
    ("Czech Republic", "CZE"), ("Czechia", "CZE"), ("Türkiye", "TUR"), ("Turkey", "TUR"),
    ("Burma/Myanmar", "MMR"), ("Myanmar", "MMR"), ("DR Congo", "COD"), ("Republic of the Congo", "COG"),
    ("UAE", "ARE"), ("USA", "USA"), ("United States", "USA"), ("  brazil ", "BRA"), ("BR", "BRA"),
    ("bra", "BRA"), ("South Korea", "KOR"), ("Laos", "LAO"), ("Hong Kong", "HKG"), ("Taiwan", "TWN"),
    ("Kosovo", "XKX"), ("Russia", "RUS"), ("Vietnam", "VNM"),
])
def test_spellings_resolve(resolver, text, iso3):
    assert resolver.resolve(text).iso3 == iso3


def test_unknown_name_suggests_the_closest(resolver):
    with pytest.raises(UnknownCountry) as caught:
        resolver.resolve("Phillipines")
    assert caught.value.suggestion == "Philippines"


def test_gibberish_has_no_suggestion(resolver):
    with pytest.raises(UnknownCountry) as caught:
        resolver.resolve("Xqzzyv")
    assert caught.value.suggestion is None
