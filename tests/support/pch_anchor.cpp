// The one source of the targets that own the tests' precompiled headers.
int main()
{
    return 0;
}
