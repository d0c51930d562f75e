// AWS Signature V4 against AWS's published examples: the Signature V4 test suite (get-vanilla and
// friends: key AKIDEXAMPLE, secret wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, 20150830T123600Z,
// us-east-1, service "service") and the S3 documentation's GET Object example (20130524T000000Z).
// The expected canonical requests, strings to sign and signatures are the published ones.
#include "backups/sigv4.h"

#include <catch2/catch.hpp>

using namespace opsdeck;

namespace {

const QDateTime kSuiteTime(QDate(2015, 8, 30), QTime(12, 36), Qt::UTC);
const QByteArray kEmptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

SigV4 suiteSigner()
{
    return SigV4("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", QStringLiteral("us-east-1"),
                 QStringLiteral("service"));
}

SigV4Request suiteRequest(const QByteArray &method = "GET", const QByteArray &path = "/")
{
    SigV4Request r;
    r.method = method;
    r.path = path;
    r.headers = {{"Host", "example.amazonaws.com"}, {"X-Amz-Date", "20150830T123600Z"}};
    r.payloadHash = kEmptyHash;
    return r;
}

} // namespace

TEST_CASE("get-vanilla: canonical request, string to sign, signing key, signature, header")
{
    const SigV4 signer = suiteSigner();
    const SigV4Request request = suiteRequest();
    QByteArray signedHeaders;
    const QByteArray canonical = signer.canonicalRequest(request, &signedHeaders);
    CHECK(canonical == "GET\n"
                       "/\n"
                       "\n"
                       "host:example.amazonaws.com\n"
                       "x-amz-date:20150830T123600Z\n"
                       "\n"
                       "host;x-amz-date\n"
                       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(signedHeaders == "host;x-amz-date");
    CHECK(signer.stringToSign(canonical, kSuiteTime) == "AWS4-HMAC-SHA256\n"
                                                        "20150830T123600Z\n"
                                                        "20150830/us-east-1/service/aws4_request\n"
                                                        "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
    CHECK(signer.signingKey(kSuiteTime.date()).toHex()
          == "938127b5336810ddb6a5d6af445fcac9e371f9ed418ed386b022aed82901be75");
    CHECK(signer.signature(request, kSuiteTime) == "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    CHECK(signer.authorization(request, kSuiteTime)
          == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
             "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
}

TEST_CASE("The suite's other vanilla cases: sorted query, POST, UTF-8 path")
{
    const SigV4 signer = suiteSigner();
    SigV4Request query = suiteRequest();
    query.query = {{"Param2", "value2"}, {"Param1", "value1"}};  // get-vanilla-query-order-key-case
    CHECK(signer.canonicalRequest(query).split('\n').at(2) == "Param1=value1&Param2=value2");
    CHECK(signer.signature(query, kSuiteTime) == "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
    CHECK(signer.signature(suiteRequest("POST"), kSuiteTime)
          == "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
    const SigV4Request utf8 = suiteRequest("GET", QStringLiteral("/\u1234").toUtf8());  // get-utf8
    CHECK(signer.canonicalRequest(utf8).split('\n').at(1) == "/%E1%88%B4");
    CHECK(signer.signature(utf8, kSuiteTime) == "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85");
}

TEST_CASE("S3's documented GET Object example (range header, x-amz-content-sha256)")
{
    const SigV4 signer("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", QStringLiteral("us-east-1"),
                       QStringLiteral("s3"));
    const QDateTime time(QDate(2013, 5, 24), QTime(0, 0), Qt::UTC);
    SigV4Request r;
    r.path = "/test.txt";
    r.headers = {{"Host", "examplebucket.s3.amazonaws.com"}, {"Range", "bytes=0-9"},
                 {"x-amz-content-sha256", kEmptyHash}, {"x-amz-date", "20130524T000000Z"}};
    r.payloadHash = kEmptyHash;
    const QByteArray canonical = signer.canonicalRequest(r);
    CHECK(canonical == "GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n"
                       "x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
                       "x-amz-date:20130524T000000Z\n\nhost;range;x-amz-content-sha256;x-amz-date\n"
                       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(signer.stringToSign(canonical, time)
          == "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
             "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972");
    CHECK(signer.authorization(r, time)
          == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
             "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
             "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
    // The lifecycle sub-resource: an empty value still gets its '='.
    SigV4Request lifecycle;
    lifecycle.query = {{"lifecycle", ""}};
    lifecycle.headers = {{"Host", "examplebucket.s3.amazonaws.com"}, {"x-amz-content-sha256", kEmptyHash},
                         {"x-amz-date", "20130524T000000Z"}};
    lifecycle.payloadHash = kEmptyHash;
    CHECK(signer.signature(lifecycle, time) == "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");
}

TEST_CASE("Encoding: unreserved characters stay, everything else is %XX in upper case")
{
    CHECK(SigV4::uriEncode("AZaz09-_.~", true) == "AZaz09-_.~");
    CHECK(SigV4::uriEncode("a b+c=d/e", true) == "a%20b%2Bc%3Dd%2Fe");
    CHECK(SigV4::uriEncode("/dir/a b", false) == "/dir/a%20b");
    CHECK(SigV4::canonicalQuery({{"uploadId", "x y"}, {"partNumber", "2"}}) == "partNumber=2&uploadId=x%20y");
    // Changing anything signed changes the signature.
    const SigV4 signer = suiteSigner();
    SigV4Request changed = suiteRequest("GET", "/other");
    CHECK(signer.signature(changed, kSuiteTime) != signer.signature(suiteRequest(), kSuiteTime));
}
