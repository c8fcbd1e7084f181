from openvorgang.cli import main

main()
