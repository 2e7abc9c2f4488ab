import re

from intake import codes


def test_references_are_readable_and_carry_the_scheme():
    reference = codes.new_reference("CL")
    assert re.fullmatch(r"CL-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", reference)


def test_receipt_codes_are_stored_only_as_a_keyed_hash_and_forgive_typing():
    code = codes.new_receipt_code()
    stored = codes.hash_receipt_code(code)
    assert code.replace("-", "") not in stored
    assert codes.receipt_code_matches(code.lower().replace("-", " "), stored)
    assert not codes.receipt_code_matches("AAAA-BBBB-CCCC", stored)


def test_letters_that_look_like_digits_are_read_as_digits():
    assert codes.normalise_code("o1l-i") == "0111"
