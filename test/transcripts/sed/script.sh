# GNU sed 4.9 as docs pages use it (Istio's authn-policy redacts a hash with s///): s with flags
# g, I, p and a number, -n, -e, -E, -i[SUFFIX] on the shell's files, line/$/regex addresses and
# ranges, !, d, p, q, =; GNU's errors (sed/compile.c) and exit codes; GNU commands not run here
# are refused with a note.
echo '"By=spiffe://cluster.local/ns/foo/sa/httpbin;Hash=3e8a0f2b1c;Subject=\"\";URI=spiffe://x"' | sed 's/Hash=[a-z0-9]*;/Hash=<redacted>;/'
printf 'a\nb\nc\nd\n' | sed -n '2,3p'
printf 'a\nb\nc\nd\n' | sed '/b/,/c/d'
printf 'one two one\n' | sed 's/one/1/2'
printf 'one two one\n' | sed -E 's/(o)(n)e/\2\1/g'
printf 'Hello\n' | sed 's/hello/bye/I'
printf 'a\nb\n' | sed -n '$p'
printf 'x\ny\n' | sed = 
printf 'abc' | sed 's/b/B/'
echo
printf 'a\nb\nc\n' | sed 2q
echo hi > /tmp/f.txt
sed -i 's/hi/ho/' /tmp/f.txt; cat /tmp/f.txt
sed -i.bak -e 's/ho/hu/' /tmp/f.txt; cat /tmp/f.txt /tmp/f.txt.bak
echo x | sed 's/a/b'
echo x | sed 'k'
echo x | sed 's/a/b/z'
echo x | sed 'p x'
echo x | sed 's/\(a/b/'
echo x | sed 's/a/\1/'
echo x | sed 'y/a/b/'
sed 's/a/b/' nofile; echo $?
sed
echo $?
sed -k p
sed -i s/a/b/
echo x | sed '//p'
echo aaa | sed 's/x*/-/g'
echo 'key: value' | sed -e 's/key/k/' -e 's/value/v/'
printf 'a\nb\nc\n' | sed '2!d'
echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa! | sed -E 's/(a*)*b/x/'
echo aaaa | sed -E 's/(a|aa)*$/x/'
echo 'a b c' | sed -E 's/([a-z]+) ([a-z]+)/\2 \1/'
echo 'x=1, y=2' | sed 's/\([a-z]\)=\([0-9]\)/\2=\1/g'
